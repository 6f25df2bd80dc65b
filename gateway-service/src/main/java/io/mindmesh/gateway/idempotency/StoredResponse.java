package io.mindmesh.gateway.idempotency;

/** What is replayed: the first answer's status, content type and exact body bytes. */
public record StoredResponse(int status, String contentType, byte[] body) {
}
