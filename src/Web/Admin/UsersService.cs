using Mediator;
using OrleansCrm.Identity.Contracts;
using OrleansCrm.Identity.CreateUser;
using OrleansCrm.Identity.ListUsers;
using OrleansCrm.Identity.UpdateUser;

namespace OrleansCrm.Web.Admin;

/// <summary>
/// What the users page asks of the Identity module (the same messages <c>/api/users</c> sends). The page is the
/// Admin's only: it checks the role before it sends anything, as the API's Admin policy does.
/// </summary>
public sealed class UsersService(ISender sender)
{
    public ValueTask<IReadOnlyList<UserDetails>> ListAsync(CancellationToken cancellationToken = default) => sender.Send(new ListUsers(), cancellationToken);

    public ValueTask<UserDetails> CreateAsync(UserForm form, CancellationToken cancellationToken = default) =>
        sender.Send(new CreateUser(form.UserName, form.Password, [.. form.Roles], form.SpecialistId), cancellationToken);

    /// <summary>Roles and the specialist link as the form has them; the lock and the password stay as they are.</summary>
    public ValueTask<UserDetails> UpdateAsync(string id, UserForm form, CancellationToken cancellationToken = default) =>
        sender.Send(new UpdateUser([.. form.Roles], form.SpecialistId, null, null) { Id = id }, cancellationToken);

    public ValueTask<UserDetails> SetLockedAsync(UserDetails user, bool locked, CancellationToken cancellationToken = default) =>
        sender.Send(new UpdateUser(user.Roles, user.SpecialistId, locked, null) { Id = user.Id }, cancellationToken);

    public ValueTask<UserDetails> ResetPasswordAsync(UserDetails user, string? password, CancellationToken cancellationToken = default) =>
        sender.Send(new UpdateUser(user.Roles, user.SpecialistId, null, password ?? "") { Id = user.Id }, cancellationToken);
}

/// <summary>What the create and edit forms change; the Identity module's validators check it.</summary>
public sealed class UserForm
{
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public IEnumerable<string> Roles { get; set; } = [];
    public Guid? SpecialistId { get; set; }
}
