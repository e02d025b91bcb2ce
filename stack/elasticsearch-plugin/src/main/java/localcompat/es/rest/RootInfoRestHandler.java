package localcompat.es.rest;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterState;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.bytes.BytesArray;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.IndexVersion;
import org.elasticsearch.node.Node;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /} and {@code HEAD /} (normally provided by the rest-root module, which the integ-test-zip lacks).
 * Same body shape as Elasticsearch's main action; the server's RestController adds {@code X-elastic-product}.
 */
public final class RootInfoRestHandler implements RestHandler {

    private final Settings nodeSettings;
    private final Supplier<ClusterService> clusterService;

    public RootInfoRestHandler(Settings nodeSettings, Supplier<ClusterService> clusterService) {
        this.nodeSettings = nodeSettings;
        this.clusterService = clusterService;
    }

    @Override
    public String getName() {
        return "local_compat_main_action";
    }

    @Override
    public List<Route> routes() {
        return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
    }

    @Override
    public boolean canTripCircuitBreaker() {
        return false;
    }

    @Override
    public void handleRequest(RestRequest request, RestChannel channel, NodeClient client) throws Exception {
        if (request.method() == RestRequest.Method.HEAD) {
            // like the real main action: status only, no body
            channel.sendResponse(new RestResponse(RestStatus.OK, RestResponse.TEXT_CONTENT_TYPE, BytesArray.EMPTY));
            return;
        }
        String nodeName = Node.NODE_NAME_SETTING.get(nodeSettings);
        String clusterName = ClusterName.CLUSTER_NAME_SETTING.get(nodeSettings).value();
        String clusterUuid = "_na_";
        ClusterService cs = clusterService.get();
        if (cs != null) {
            ClusterState state = cs.state();
            clusterName = state.getClusterName().value();
            clusterUuid = state.metadata().clusterUUID();
        }
        Build build = Build.current();
        XContentBuilder b = channel.newBuilder();
        if (request.hasParam("pretty") == false) {
            b.prettyPrint().lfAtEnd(); // the real main action pretty-prints by default
        }
        b.startObject();
        b.field("name", nodeName);
        b.field("cluster_name", clusterName);
        b.field("cluster_uuid", clusterUuid);
        b.startObject("version")
            .field("number", build.qualifiedVersion())
            .field("build_flavor", build.flavor())
            .field("build_type", build.type().displayName())
            .field("build_hash", build.hash())
            .field("build_date", build.date())
            .field("build_snapshot", build.isSnapshot())
            .field("lucene_version", IndexVersion.current().luceneVersion().toString())
            .field("minimum_wire_compatibility_version", build.minWireCompatVersion())
            .field("minimum_index_compatibility_version", build.minIndexCompatVersion())
            .endObject();
        b.field("tagline", "You Know, for Search");
        b.endObject();
        channel.sendResponse(new RestResponse(RestStatus.OK, b));
    }
}
