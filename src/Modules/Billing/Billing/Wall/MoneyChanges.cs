namespace OrleansCrm.Billing.Wall;

/// <summary>
/// Told after a commit that moved the wall's money figures (a document issued or cancelled, a payment imported or
/// matched): the director's wall gets <c>moneyChanged</c> with the new figures. Call it after the commit, never inside.
/// </summary>
internal interface IMoneyChanges
{
    void Changed();
}
