using System.Reflection;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrleansCrm.BuildingBlocks.Validation;

public static class ValidatorRegistration
{
    /// <summary>
    /// Registers every validator of a Mediator message in <paramref name="assembly"/> (public or internal) as a singleton
    /// <c>IValidator&lt;TMessage&gt;</c>, for <see cref="ValidationBehavior{TMessage,TResponse}"/>: a validator written
    /// next to its command cannot be left out. Validators of parts (a skill, a contact) are not registered: their
    /// message's validator builds them. Validators hold no per-request state, so one instance serves every request.
    /// </summary>
    public static IServiceCollection AddMessageValidators(this IServiceCollection services, Assembly assembly)
    {
        foreach (var found in AssemblyScanner.FindValidatorsInAssembly(assembly, includeInternalTypes: true))
        {
            var validated = found.InterfaceType.GetGenericArguments()[0];
            if (typeof(IMessage).IsAssignableFrom(validated))
            {
                services.TryAddEnumerable(ServiceDescriptor.Singleton(found.InterfaceType, found.ValidatorType));
            }
        }

        return services;
    }
}
