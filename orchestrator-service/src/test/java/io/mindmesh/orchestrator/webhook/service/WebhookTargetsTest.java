package io.mindmesh.orchestrator.webhook.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.webhook.AddressPolicy;
import io.mindmesh.orchestrator.webhook.RefusedTargetException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    private final WebhookTargets strict = new WebhookTargets(AddressPolicy.allowing(List.of()), InetAddress::getAllByName);

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAtSubmission() {
        ApiException refused = assertThrows(ApiException.class,
                () -> strict.checkSubscription("http://localhost:8080/hook"));

        assertEquals(400, refused.status());
        assertEquals("webhook.url", refused.extra().get("field"));
        assertTrue(refused.getMessage().contains("loopback"), refused.getMessage());
    }

    @Test
    void aNameWithOnePublicAndOneInternalAddressIsRefused() {
        WebhookTargets targets = new WebhookTargets(AddressPolicy.allowing(List.of()), host -> new InetAddress[] {
                InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")});

        RefusedTargetException refused = assertThrows(RefusedTargetException.class,
                () -> targets.address(URI.create("https://rebinding.example/hook")));
        assertFalse(refused.unresolved());
        assertEquals("host rebinding.example resolves to a private address, which may not be called",
                refused.getMessage(), "the tenant learns the kind of address, never the address");
    }

    @Test
    void aPublicNameIsConnectedToTheAddressThatWasChecked() throws Exception {
        InetAddress checked = InetAddress.getByName("93.184.216.34");
        WebhookTargets targets = new WebhookTargets(AddressPolicy.allowing(List.of()),
                host -> new InetAddress[] {checked});

        assertEquals(checked, targets.address(URI.create("https://hooks.example.com/x")));
    }

    @Test
    void anUnresolvableNameMayWorkLater() {
        WebhookTargets targets = new WebhookTargets(AddressPolicy.allowing(List.of()), host -> {
            throw new UnknownHostException(host);
        });

        assertTrue(assertThrows(RefusedTargetException.class,
                () -> targets.address(URI.create("https://nowhere.example/"))).unresolved());
        assertDoesNotThrow(() -> targets.checkSubscription("https://nowhere.example/"),
                "accepted at submission; each attempt checks again");
    }

    @Test
    void theAllowListAdmitsLoopback() throws Exception {
        WebhookTargets local = new WebhookTargets(AddressPolicy.allowing(List.of("127.0.0.0/8")),
                InetAddress::getAllByName);

        assertEquals("127.0.0.1", local.address(URI.create("http://127.0.0.1:9/hook")).getHostAddress());
    }
}
