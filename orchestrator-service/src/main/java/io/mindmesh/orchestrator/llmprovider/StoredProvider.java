package io.mindmesh.orchestrator.llmprovider;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An LLM provider an operator created through the admin API (configured ones are not stored). */
@Entity
@Table(name = "llm_providers")
public class StoredProvider {

    @Id
    public String name;

    @Column(name = "base_url", nullable = false)
    public String baseUrl;

    /** Encrypted ({@code v1:…}, the name as associated data); null when the server takes no key. */
    @Column(name = "api_key")
    public String apiKey;

    @Column(name = "timeout_ms", nullable = false)
    public int timeoutMs;

    @Column(name = "max_retries", nullable = false)
    public int maxRetries;

    /** The one internal host, address or CIDR range this provider may reach; null for none. */
    @Column(name = "allowed_host")
    public String allowedHost;

    /** Changes with every write; a new version makes the runtime build a new client. */
    @Column(nullable = false)
    public long version;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
