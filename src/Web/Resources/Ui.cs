namespace OrleansCrm.Web.Resources;

/// <summary>The UI's texts: <c>IStringLocalizer&lt;Ui&gt;</c> reads Ui.resx (English) and Ui.ru.resx, Ui.uk.resx beside it.</summary>
public sealed class Ui;
