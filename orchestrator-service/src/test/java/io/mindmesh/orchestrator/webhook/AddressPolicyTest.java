package io.mindmesh.orchestrator.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    private static final AddressPolicy DEFAULT = AddressPolicy.allowing(List.of());

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, loopback",
            "127.255.0.9, loopback",
            "::1, loopback",
            "10.1.2.3, private",
            "172.16.0.1, private",
            "172.31.255.255, private",
            "192.168.1.10, private",
            "169.254.169.254, link-local (cloud metadata)",
            "100.64.0.1, carrier-grade NAT",
            "100.127.255.254, carrier-grade NAT",
            "0.0.0.0, unspecified",
            "224.0.0.251, multicast",
            "255.255.255.255, reserved",
            "198.18.0.1, benchmarking",
            "fc00::1, unique-local",
            "fd00:ec2::254, unique-local",
            "fe80::1, link-local",
            "ff02::1, multicast",
            "::, unspecified",
            "2001:db8::1, documentation",
            "'::ffff:10.0.0.1', private",
            "'64:ff9b::a9fe:a9fe', link-local (cloud metadata) (NAT64)",
            "'::7f00:1', loopback (IPv4-compatible)",
            "'2002:a9fe:a9fe::1', 6to4 tunnel",
            "'2002:808:808::1', 6to4 tunnel",
            "'2001:0:4136:e378:8000:63bf:3fff:fdd2', Teredo tunnel",
            "'2001::1', Teredo tunnel",
            "'64:ff9b:1::a00:1', local-use NAT64",
            "'64:ff9b:1:ffff::1', local-use NAT64"})
    void refusesNonPublicAddresses(String address, String kind) throws UnknownHostException {
        assertEquals(Optional.of(kind), DEFAULT.refusal(address, InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111",
            "64:ff9b::808:808", "2001:4860:4860::8888", "2003::1", "64:ff9b:2::1"})
    void allowsPublicUnicastAddresses(String address) throws UnknownHostException {
        assertEquals(Optional.empty(), DEFAULT.refusal(address, InetAddress.getByName(address)));
    }

    @Test
    void theAllowListAdmitsNamedHostsAndRanges() throws UnknownHostException {
        AddressPolicy policy = AddressPolicy.allowing(List.of("hooks.internal", "10.20.0.0/16", "::1", " 127.0.0.1 "));

        assertEquals(Optional.empty(), policy.refusal("HOOKS.internal", InetAddress.getByName("192.168.0.5")));
        assertEquals(Optional.empty(), policy.refusal("a", InetAddress.getByName("10.20.255.1")));
        assertEquals(Optional.of("private"), policy.refusal("a", InetAddress.getByName("10.21.0.1")));
        assertEquals(Optional.empty(), policy.refusal("a", InetAddress.getByName("::1")));
        assertEquals(Optional.empty(), policy.refusal("a", InetAddress.getByName("127.0.0.1")));
        assertEquals(Optional.of("loopback"), policy.refusal("a", InetAddress.getByName("127.0.0.2")));
    }

    @Test
    void aRefusalNamesTheKindButNeverTheResolvedAddress() {
        RefusedTargetException refused = assertThrows(RefusedTargetException.class,
                () -> DEFAULT.address(URI.create("https://agent.example/run"),
                        host -> new InetAddress[] {InetAddress.getByName("93.184.216.34"),
                                InetAddress.getByName("10.0.0.7")}));

        assertEquals("host agent.example resolves to a private address, which may not be called",
                refused.getMessage());
        assertTrue(refused.detail().contains("10.0.0.7"), "operators' logs see the address: " + refused.detail());
    }

    @Test
    void aMalformedRangeIsRefusedAtStartup() {
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.allowing(List.of("10.0.0.0/40")));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.allowing(List.of("example.com/24")));
        assertTrue(AddressPolicy.isAddressLiteral("::1"));
    }
}
