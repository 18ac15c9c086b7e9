using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OrleansCrm.Host.Persistence;

namespace OrleansCrm.Host.Tests.Persistence;

/// <summary>The stored binary format: one marker byte, then exactly Orleans' own serialization of the state.</summary>
public sealed class BinaryGrainStateSerializerTests
{
    private static readonly Serializer Serializer = new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void The_payload_is_the_marker_and_orleans_own_bytes_and_reads_back()
    {
        var shared = new GroupCommitGrainStorageTests.Probe { Name = "спільний", Count = 7 };
        var state = new List<GroupCommitGrainStorageTests.Probe> { shared, new() { Name = "Не формується ПН", Count = 3 }, shared };
        var storage = new BinaryGrainStateSerializer(Serializer);

        var payload = storage.Serialize(state).ToArray();
        var read = storage.Deserialize<List<GroupCommitGrainStorageTests.Probe>>(new BinaryData(payload));

        Assert.Equal([(byte)0x01, .. Serializer.SerializeToArray(state)], payload);
        Assert.Equal(["спільний", "Не формується ПН", "спільний"], read.Select(p => p.Name));
        Assert.Same(read[0], read[2]); // references inside the state survive the marker in front
    }
}
