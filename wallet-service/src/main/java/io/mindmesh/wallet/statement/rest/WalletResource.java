package io.mindmesh.wallet.statement.rest;

import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.common.request.Caller;
import io.mindmesh.wallet.statement.TransactionFilter;
import io.mindmesh.wallet.statement.TransactionView;
import io.mindmesh.wallet.statement.WalletView;
import io.mindmesh.wallet.statement.service.StatementService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public, through the gateway: the caller's own wallet and its history. */
@Path("/v1/wallet")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Wallet")
public class WalletResource {

    /** Sorted, so that the error message lists the fields in a stable order. */
    private static final Map<String, String> SORTABLE =
            new TreeMap<>(Map.of("createdAt", "createdAt", "amount", "amount"));

    private final StatementService statements;

    public WalletResource(StatementService statements) {
        this.statements = statements;
    }

    @GET
    @Operation(summary = "The caller's balance, held and available funds")
    public WalletView wallet(@Context HttpHeaders headers) {
        return statements.wallet(Caller.from(headers));
    }

    @GET
    @Path("transactions")
    @Operation(summary = "The caller's ledger transactions, filtered by type and date range, sorted and paginated")
    public Page<TransactionView> transactions(@Context HttpHeaders headers,
            @QueryParam("page") String page, @QueryParam("limit") String limit,
            @QueryParam("type") String type, @QueryParam("startDate") String startDate,
            @QueryParam("endDate") String endDate, @QueryParam("sort") String sort) {
        Caller caller = Caller.from(headers);
        PageQuery pageQuery = PageQuery.parse(page, limit);
        return statements.transactions(caller, TransactionFilter.parse(type, startDate, endDate),
                Sort.parse(sort, SORTABLE, "-createdAt"), pageQuery);
    }
}
