using System.Text;

namespace OrleansCrm.Billing.Payments.Statements;

/// <summary>The encodings statements come in: Windows-1251 and DOS-866 (from the code pages provider) and strict UTF-8.</summary>
public static class StatementEncodings
{
    static StatementEncodings()
    {
        // .NET carries only the Unicode encodings; the code pages come from this provider (registering twice is harmless).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Windows1251 = Encoding.GetEncoding(1251);
        Dos866 = Encoding.GetEncoding(866);
    }

    public static Encoding Windows1251 { get; }

    public static Encoding Dos866 { get; }

    /// <summary>UTF-8 that fails on a bad byte rather than putting in a replacement character.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];
}

/// <summary>The encoding of a CSV statement, as its mapping says.</summary>
public enum StatementEncoding
{
    Utf8 = 0,
    Windows1251 = 1,
}
