using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using OrleansCrm.BuildingBlocks.Persistence;

namespace OrleansCrm.Identity.Store;

/// <summary>
/// ASP.NET Core Data Protection's key ring in the product's database, so a sign-in cookie issued by one host is read
/// by every other host and after a restart. Data Protection calls this synchronously and rarely (it caches the ring).
/// </summary>
internal sealed class DatabaseXmlRepository(DatabaseOptions database) : IXmlRepository
{
    private readonly string _table = UsersDbContext.Tables(database.Provider).Sql("data_protection_keys");

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = DatabaseConnections.Create(database);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT xml FROM {_table} ORDER BY created_at, friendly_name";
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = DatabaseConnections.Create(database);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO {_table} (friendly_name, xml, created_at) VALUES (@name, @xml, @at) ON CONFLICT (friendly_name) DO NOTHING";
        command.AddParameter("@name", friendlyName);
        command.AddParameter("@xml", element.ToString(SaveOptions.DisableFormatting));
        command.AddParameter("@at", DateTimeOffset.UtcNow.ToString("O"));
        command.ExecuteNonQuery();
    }
}
