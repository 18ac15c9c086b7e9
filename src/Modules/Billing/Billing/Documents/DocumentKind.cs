namespace OrleansCrm.Billing.Documents;

// Stored by number in billing.documents (and in number_counters): keep every value; a new member takes a new one.
public enum DocumentKind
{
    /// <summary>Рахунок на оплату.</summary>
    Invoice = 0,
    /// <summary>Акт надання послуг.</summary>
    Act = 1,
    /// <summary>Комерційна пропозиція.</summary>
    Proposal = 2,
}

// Stored by number in billing.documents: keep every value; a new member takes a new one.
public enum DocumentStatus
{
    Draft = 0,
    Issued = 1,
    Sent = 2,
    PartlyPaid = 3,
    Paid = 4,
    Cancelled = 5,
}
