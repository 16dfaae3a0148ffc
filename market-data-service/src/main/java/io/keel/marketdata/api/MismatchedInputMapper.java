package io.keel.marketdata.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.keel.common.ProblemMappers;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Routes Jackson's {@link MismatchedInputException} (e.g. {@code "start": "2020-02-30"}) to keel-service-common's
 * problem+json mapper. Needed because quarkus-rest-jackson ships its own mapper for exactly this type, which is
 * more specific than service-common's {@code JsonProcessingException} one and answers plain application/json.
 * (Belongs in service-common; see the market-data-service report.)
 */
public class MismatchedInputMapper {

    private final ProblemMappers delegate = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return delegate.json(e);
    }
}
