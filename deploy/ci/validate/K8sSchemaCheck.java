import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kubernetes.client.openapi.JSON;
import java.io.BufferedReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Validates Kubernetes objects against the Kubernetes API schema, offline and strictly: the
 * models of io.kubernetes:client-java-api are generated from the Kubernetes OpenAPI document and
 * refuse unknown fields, missing required fields and values of the wrong type (as
 * `kubectl --validate=strict` does against a cluster).
 *
 * Input: files of JSON Lines, one object per line, each line prefixed by "source<TAB>".
 * Custom resources (groups monitoring.coreos.com, gateway.networking.k8s.io) are skipped here;
 * validate-models.mjs checks them.
 * Exit status 1 when any object is invalid.
 *
 * Run: java -cp 'lib/*' K8sSchemaCheck.java objects.jsonl...
 */
public class K8sSchemaCheck {

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** The API group of each kind this project renders (the models do not know their group). */
    private static final Map<String, String> GROUPS = Map.ofEntries(
            Map.entry("ConfigMap", ""), Map.entry("Secret", ""), Map.entry("Service", ""),
            Map.entry("ServiceAccount", ""), Map.entry("Namespace", ""), Map.entry("Pod", ""),
            Map.entry("PersistentVolumeClaim", ""),
            Map.entry("Deployment", "apps"), Map.entry("StatefulSet", "apps"), Map.entry("DaemonSet", "apps"),
            Map.entry("Job", "batch"), Map.entry("CronJob", "batch"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling"),
            Map.entry("PodDisruptionBudget", "policy"),
            Map.entry("NetworkPolicy", "networking.k8s.io"), Map.entry("Ingress", "networking.k8s.io"),
            Map.entry("Role", "rbac.authorization.k8s.io"), Map.entry("RoleBinding", "rbac.authorization.k8s.io"));

    public static void main(String[] args) throws Exception {
        new JSON(); // registers the type adapters (IntOrString, Quantity, dates) and the validating factories
        int valid = 0, invalid = 0, skipped = 0;
        for (String file : args) {
            try (BufferedReader in = Files.newBufferedReader(Path.of(file))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    int tab = line.indexOf('\t');
                    String source = line.substring(0, tab);
                    JsonObject object = JsonParser.parseString(line.substring(tab + 1)).getAsJsonObject();
                    String apiVersion = string(object, "apiVersion");
                    String kind = string(object, "kind");
                    String name = object.has("metadata") && object.getAsJsonObject("metadata").has("name")
                            ? object.getAsJsonObject("metadata").get("name").getAsString() : "?";
                    String what = source + ": " + kind + "/" + name + " (" + apiVersion + ")";
                    if (apiVersion.startsWith("monitoring.coreos.com/") || apiVersion.startsWith("gateway.networking.k8s.io/")) {
                        skipped++;
                        continue;
                    }
                    String error = check(apiVersion, kind, object);
                    if (error == null) {
                        valid++;
                    } else {
                        invalid++;
                        System.out.println("INVALID " + what + ": " + error);
                    }
                }
            }
        }
        System.out.printf("k8s schema (Kubernetes 1.32, strict): %d valid, %d invalid, %d custom resources left to the CRD check%n",
                valid, invalid, skipped);
        System.exit(invalid == 0 ? 0 : 1);
    }

    private static String string(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value == null || !value.isJsonPrimitive() ? "" : value.getAsString();
    }

    /** Returns null when the object is valid, else the first problem found. */
    static String check(String apiVersion, String kind, JsonObject object) {
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        if (version.isEmpty() || kind.isEmpty()) {
            return "apiVersion and kind are required";
        }
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String expected = GROUPS.get(kind);
        if (expected == null) {
            return "kind " + kind + " is not known to this check (add it to GROUPS)";
        }
        if (!expected.equals(group)) {
            return kind + " belongs to the API group '" + expected + "', not '" + group + "'";
        }
        String className = MODELS + Character.toUpperCase(version.charAt(0)) + version.substring(1) + kind;
        Class<?> model;
        try {
            model = Class.forName(className);
        } catch (ClassNotFoundException e) {
            return "no schema for " + apiVersion + " " + kind + " in Kubernetes 1.32";
        }
        try {
            Method validate = model.getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, object);
            // Types the structural check does not look at (integers, quantities, int-or-string).
            JSON.getGson().fromJson(object, model);
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause().getMessage()).replaceAll(" JSON: .*", "");
        } catch (RuntimeException | ReflectiveOperationException e) {
            return e.toString();
        }
    }
}
