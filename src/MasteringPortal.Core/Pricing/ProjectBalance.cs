using MasteringPortal.Core.Domain;

namespace MasteringPortal.Core.Pricing;

/// <summary>
/// What a client still owes: the project's quote less the deposits received (a deposit is paid when going ahead after a
/// sample master). A refunded or disputed deposit no longer counts. Needs the project's payments loaded.
/// </summary>
public static class ProjectBalance
{
    public static long DepositsPaidMinor(Project project) => project.Payments
        .Where(p => p.Purpose == PaymentPurpose.Deposit && p.Status == PaymentStatus.Paid).Sum(p => p.AmountMinor);

    /// <summary>The amount due on approval: the quote less the deposits paid, never below zero.</summary>
    public static long DueMinor(Project project) => Math.Max(0, project.QuoteMinor - DepositsPaidMinor(project));

    public static Money Due(Project project) => new(DueMinor(project), project.Currency);

    /// <summary>Whether the balance (not a deposit) has been received.</summary>
    public static bool BalanceReceived(Project project) =>
        project.Payments.Any(p => p.Purpose == PaymentPurpose.Balance && p.Status == PaymentStatus.Paid);
}
