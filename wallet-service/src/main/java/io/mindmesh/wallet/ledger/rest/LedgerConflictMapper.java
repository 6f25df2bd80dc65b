package io.mindmesh.wallet.ledger.rest;

import io.mindmesh.common.error.ErrorBody;
import io.mindmesh.common.error.ErrorCode;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The database is the last word on the ledger's invariants. When it refuses a write that the
 * service's own checks let through (two different accounts racing for the same hold id or top-up
 * reference), the caller gets a 409 to retry, never a 500.
 */
public class LedgerConflictMapper {

    private static final Logger LOG = Logger.getLogger(LedgerConflictMapper.class);

    @ServerExceptionMapper
    public Response conflict(ConstraintViolationException e) {
        LOG.warnf("Ledger write refused by constraint %s", e.getConstraintName());
        return ErrorBody.response(409, ErrorCode.CONFLICT,
                "The request conflicts with a concurrent change to the same wallet; retry it.", Map.of());
    }
}
