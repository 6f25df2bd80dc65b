package io.mindmesh.orchestrator.webhook;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses an outbound call (a webhook delivery, an http agent call) may reach: the
 * server-side request forgery guard. By default only public unicast addresses: loopback, private,
 * link-local (cloud metadata), unique-local, multicast, CGNAT, documentation, reserved, NAT64 and
 * tunnel (6to4, Teredo) ranges are refused. The allow-list names hosts or CIDR ranges that may be
 * reached anyway.
 */
public final class AddressPolicy {

    private static final List<Range> NON_PUBLIC = List.of(
            Range.of("0.0.0.0/8", "unspecified"),
            Range.of("10.0.0.0/8", "private"),
            Range.of("100.64.0.0/10", "carrier-grade NAT"),
            Range.of("127.0.0.0/8", "loopback"),
            Range.of("169.254.0.0/16", "link-local (cloud metadata)"),
            Range.of("172.16.0.0/12", "private"),
            Range.of("192.0.0.0/24", "IETF protocol assignments"),
            Range.of("192.0.2.0/24", "documentation"),
            Range.of("192.88.99.0/24", "6to4 relay"),
            Range.of("192.168.0.0/16", "private"),
            Range.of("198.18.0.0/15", "benchmarking"),
            Range.of("198.51.100.0/24", "documentation"),
            Range.of("203.0.113.0/24", "documentation"),
            Range.of("224.0.0.0/4", "multicast"),
            Range.of("240.0.0.0/4", "reserved"),
            Range.of("::/128", "unspecified"),
            Range.of("::1/128", "loopback"),
            Range.of("64:ff9b:1::/48", "local-use NAT64"),
            Range.of("100::/64", "discard"),
            // Tunnels whose far end is derived from the address: the host behind them cannot be judged.
            Range.of("2001::/32", "Teredo tunnel"),
            Range.of("2001:db8::/32", "documentation"),
            Range.of("2002::/16", "6to4 tunnel"),
            Range.of("fc00::/7", "unique-local"),
            Range.of("fe80::/10", "link-local"),
            Range.of("fec0::/10", "site-local"),
            Range.of("ff00::/8", "multicast"));

    /**
     * IPv6 forms that carry an IPv4 address in their last 32 bits and are judged by it. (IPv4-mapped
     * addresses, {@code ::ffff:a.b.c.d}, need no entry: Java already reads them as IPv4 addresses.)
     */
    private static final List<Range> EMBEDDING_IPV4 = List.of(
            Range.of("::/96", "IPv4-compatible"),
            Range.of("64:ff9b::/96", "NAT64"));

    private final Set<String> allowedHosts;
    private final List<Range> allowedRanges;

    private AddressPolicy(Set<String> allowedHosts, List<Range> allowedRanges) {
        this.allowedHosts = allowedHosts;
        this.allowedRanges = allowedRanges;
    }

    /** Entries are host names, IP addresses or CIDR ranges ({@code 10.1.0.0/16}, {@code ::1/128}). */
    public static AddressPolicy allowing(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim().toLowerCase(Locale.ROOT);
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("/") || isAddressLiteral(entry)) {
                ranges.add(Range.of(entry.contains("/") ? entry : entry + (entry.contains(":") ? "/128" : "/32"),
                        "allowed"));
            } else {
                hosts.add(entry);
            }
        }
        return new AddressPolicy(Set.copyOf(hosts), List.copyOf(ranges));
    }

    /** Why {@code address}, reached through {@code host}, is refused; empty when it may be reached. */
    public Optional<String> refusal(String host, InetAddress address) {
        if (allowedHosts.contains(host.toLowerCase(Locale.ROOT))
                || allowedRanges.stream().anyMatch(r -> r.contains(address))) {
            return Optional.empty();
        }
        return nonPublic(address);
    }

    /** Resolves a host name; the real DNS in production, replaceable in unit tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * The address to connect to for {@code url}: every address the host resolves to must be allowed
     * (a name with one public and one internal address is refused), and the first one is used.
     * Connecting to exactly this address means that a DNS answer changing after the check (DNS
     * rebinding) cannot redirect the call. The refusal's message names the host the caller gave and
     * the kind of address, never the address it resolved to: that would map internal networks for
     * whoever can submit a URL.
     */
    public InetAddress address(URI url, Resolver resolver) throws RefusedTargetException {
        String host = url.getHost();
        if (host == null) {
            throw new RefusedTargetException("the URL has no host", "no host", false);
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new RefusedTargetException("host " + bare + " could not be resolved", "unresolved", true);
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = refusal(bare, address);
            if (refusal.isPresent()) {
                throw new RefusedTargetException("host " + bare + " resolves to a " + refusal.get()
                        + " address, which may not be called", bare + " resolves to " + address.getHostAddress(),
                        false);
            }
        }
        return addresses[0];
    }

    /** The kind of non-public address, or empty for a public unicast address. */
    public static Optional<String> nonPublic(InetAddress address) {
        Optional<String> kind = NON_PUBLIC.stream().filter(r -> r.contains(address)).map(Range::kind).findFirst();
        if (kind.isPresent() || !(address instanceof Inet6Address)) {
            return kind;
        }
        return EMBEDDING_IPV4.stream().filter(r -> r.contains(address)).findFirst()
                .flatMap(embedding -> nonPublic(embeddedIpv4(address)).map(k -> k + " (" + embedding.kind() + ")"));
    }

    /** Whether the text is an IP literal, so that reading it never triggers a DNS lookup. */
    public static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static InetAddress embeddedIpv4(InetAddress address) {
        byte[] bytes = address.getAddress();
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CIDR range of one address family. */
    record Range(byte[] network, int prefix, String kind, String text) {

        static Range of(String cidr, String kind) {
            int slash = cidr.indexOf('/');
            String address = cidr.substring(0, slash);
            if (!isAddressLiteral(address)) {
                throw new IllegalArgumentException("Not a CIDR range: " + cidr);
            }
            try {
                byte[] network = InetAddress.getByName(address.replace("[", "").replace("]", "")).getAddress();
                int prefix = Integer.parseInt(cidr.substring(slash + 1));
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("Prefix out of range: " + cidr);
                }
                return new Range(network, prefix, kind, cidr);
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not a CIDR range: " + cidr, e);
            }
        }

        boolean contains(InetAddress candidate) {
            byte[] bytes = candidate.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest) & 0xff;
            return (bytes[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
