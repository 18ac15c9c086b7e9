namespace OrleansCrm.Web.Dispatch;

/// <summary>A specialist a ticket may be redirected to, as the dialog lists them: name with load and capacity.</summary>
public sealed record TargetChoice(Guid Id, string Text);
