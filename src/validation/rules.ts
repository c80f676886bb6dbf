import { Severity } from './finding';

/** Which layer of the validator a rule belongs to. */
export type RuleLayer = 'schema' | 'api' | 'cross' | 'lint';

/** One rule of the catalog (docs/validation.md lists them all). */
export interface RuleInfo {
  readonly id: string;
  readonly layer: RuleLayer;
  readonly severity: Severity;
  /** One line: what the rule checks. */
  readonly summary: string;
  /** The default fix hint (a finding may carry a more specific one). */
  readonly fix?: string;
}

const E = Severity.ERROR;
const W = Severity.WARNING;
const I = Severity.INFO;

function r(id: string, layer: RuleLayer, severity: Severity, summary: string, fix?: string): RuleInfo {
  return { id, layer, severity, summary, fix };
}

/**
 * The rule catalog: ids and conditions from validation-rules.md (A = API server / binder, B = lint).
 */
export const RULES: readonly RuleInfo[] = [
  // ---- layer 1: decode / schema (A.13)
  r('SCHEMA-UNKNOWN-FIELD', 'schema', E, 'field not in the 1.27 schema (typo, misplaced key, 1.28+ field); strict decoding rejects it',
    'remove the field or fix its spelling; fields added after 1.27 (e.g. native sidecars, restartPolicy on an init container) need a newer cluster'),
  r('SCHEMA-TYPE', 'schema', E, 'wrong JSON type (e.g. containerPort: "80")', 'write the value with the type the field has (numbers unquoted, strings quoted)'),
  r('SCHEMA-REQUIRED', 'schema', W, 'field the 1.27 OpenAPI schema marks required is missing (the decoder does not enforce it; the rules that the API server does enforce have ids of their own)',
    'add the field'),
  r('SCHEMA-ENUM', 'schema', E, 'value not one of the field\'s allowed values', 'use one of the supported values'),
  r('SCHEMA-QUANTITY', 'schema', E, 'unparsable resource quantity (e.g. "10 Gi")', 'write a quantity such as 500m, 128Mi, 10Gi (no space)'),
  r('SCHEMA-BASE64', 'schema', E, 'binaryData value is not base64', 'base64-encode the value'),
  r('SCHEMA-INVALID-DOCUMENT', 'schema', E, 'document is not an object with apiVersion and kind', 'every document must be a Kubernetes object with apiVersion and kind'),
  r('SCHEMA-API-VERSION', 'schema', E, 'built-in apiVersion that Kubernetes 1.27 does not serve (e.g. extensions/v1beta1)'),
  r('SCHEMA-UNKNOWN-KIND', 'schema', I, 'no 1.27 schema for this apiVersion/kind (custom resource or removed API): structure not checked'),
  // ---- layer 2: API server (A.1-A.12)
  r('META-NAME-REQUIRED', 'api', E, 'metadata.name and generateName both empty', 'set metadata.name'),
  r('META-NAME-SUBDOMAIN', 'api', E, 'name is not a DNS-1123 subdomain', 'use lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit'),
  r('META-NAME-DNS1035', 'api', E, 'Service name is not a DNS-1035 label', 'start the name with a letter; use lower-case letters, digits and \'-\''),
  r('META-NAME-DNS1123LABEL', 'api', E, 'Namespace name is not a DNS-1123 label', 'use lower-case letters, digits and \'-\' (no dots)'),
  r('META-NAMESPACE', 'api', E, 'metadata.namespace is not a DNS-1123 label', 'use a valid namespace name'),
  r('META-LABEL-KEY', 'api', E, 'label key is not a qualified name'),
  r('META-LABEL-VALUE', 'api', E, 'label value longer than 63 characters or with bad characters'),
  r('META-ANNOTATION-KEY', 'api', E, 'annotation key is not a qualified name'),
  r('META-ANNOTATION-SIZE', 'api', E, 'annotations larger than 256 KiB in total'),
  r('META-FINALIZER', 'api', E, 'finalizer that is neither standard nor a qualified name with a prefix'),
  r('POD-TOLERATIONS', 'api', E, 'toleration with bad key, operator/value combination, or tolerationSeconds without NoExecute'),
  r('POD-CONTAINERS-REQUIRED', 'api', E, 'pod without containers', 'add at least one container'),
  r('CTR-NAME-REQUIRED', 'api', E, 'container without name', 'name the container'),
  r('CTR-NAME-DNS1123LABEL', 'api', E, 'container name is not a DNS-1123 label'),
  r('CTR-NAME-UNIQUE', 'api', E, 'container name used twice (init containers included)', 'give every container and init container of the pod its own name'),
  r('CTR-IMAGE-REQUIRED', 'api', E, 'container without image', 'set the image'),
  r('CTR-IMAGE-WHITESPACE', 'api', E, 'Pod image with leading or trailing whitespace', 'trim the image reference'),
  r('CTR-PULLPOLICY-ENUM', 'api', E, 'imagePullPolicy not Always/IfNotPresent/Never'),
  r('CTR-TERMMSG-POLICY', 'api', E, 'terminationMessagePolicy not File/FallbackToLogsOnError'),
  r('CTR-PORT-PROTOCOL', 'api', E, 'container port protocol not TCP/UDP/SCTP'),
  r('POD-RESTARTPOLICY-ENUM', 'api', E, 'restartPolicy not Always/OnFailure/Never'),
  r('POD-DNSPOLICY-ENUM', 'api', E, 'dnsPolicy not ClusterFirstWithHostNet/ClusterFirst/Default/None'),
  r('VOL-HOSTPATH-TYPE', 'api', E, 'hostPath type not one of the supported types'),
  r('PV-RECLAIM-ENUM', 'api', E, 'persistentVolumeReclaimPolicy not Delete/Recycle/Retain'),
  r('PV-VOLUMEMODE', 'api', E, 'PersistentVolume volumeMode not Block/Filesystem'),
  r('PVC-VOLUMEMODE', 'api', E, 'PersistentVolumeClaim volumeMode not Block/Filesystem'),
  r('SC-BINDINGMODE-ENUM', 'api', E, 'volumeBindingMode not Immediate/WaitForFirstConsumer'),
  r('SVC-TYPE-ENUM', 'api', E, 'Service type not ClusterIP/NodePort/LoadBalancer/ExternalName'),
  r('SVC-PORT-PROTOCOL', 'api', E, 'Service port protocol not TCP/UDP/SCTP'),
  r('SVC-SESSIONAFFINITY', 'api', E, 'sessionAffinity not ClientIP/None; ClientIP timeoutSeconds outside 1..86400'),
  r('JOB-RESTARTPOLICY', 'api', E, 'Job template restartPolicy not OnFailure/Never', 'set restartPolicy: OnFailure or Never on the Job template'),
  r('CTR-PORT-NUMBER', 'api', E, 'containerPort/hostPort missing or outside 1..65535'),
  r('CTR-PORT-NAME-IANA', 'api', E, 'container port name fails the IANA service name rules (≤15 chars, a-z0-9-, a letter)'),
  r('CTR-PORT-NAME-UNIQUE', 'api', E, 'port name used twice in one container'),
  r('CTR-HOSTPORT-CONFLICT', 'api', E, 'same protocol/hostIP/hostPort twice across the containers of a pod'),
  r('CTR-HOSTNETWORK-PORTS', 'api', E, 'hostNetwork pod with hostPort different from containerPort'),
  r('CTR-ENV-NAME', 'api', E, 'env var name empty or invalid'),
  r('CTR-ENV-VALUEFROM', 'api', E, 'env valueFrom with zero or several sources, or together with value'),
  r('CTR-ENV-KEYREF', 'api', E, 'configMapKeyRef/secretKeyRef with bad name or key'),
  r('CTR-RES-NONNEG', 'api', E, 'negative resource quantity'),
  r('CTR-RES-REQ-LE-LIMIT', 'api', E, 'resource request greater than its limit; for hugepages-* and extended resources (e.g. nvidia.com/gpu) a request not equal to its limit, or without a limit',
    'make the request at most the limit'),
  r('CTR-PROBE-HANDLER', 'api', E, 'probe/lifecycle handler with zero or several handler types'),
  r('CTR-PROBE-FIELDS', 'api', E, 'negative probe timing or threshold; terminationGracePeriodSeconds ≤ 0'),
  r('CTR-PROBE-SUCCESS1', 'api', E, 'liveness/startup successThreshold other than 1', 'set successThreshold to 1 (or omit it)'),
  r('CTR-PROBE-READINESS-TGPS', 'api', E, 'readinessProbe with terminationGracePeriodSeconds'),
  r('CTR-EXEC-COMMAND', 'api', E, 'exec handler with empty command'),
  r('CTR-HTTPGET', 'api', E, 'httpGet/tcpSocket port invalid; httpGet header name not [-A-Za-z0-9]+', 'use a port number 1..65535 or a declared port name; header names of letters, digits and \'-\''),
  r('POD-SA-NAME', 'api', E, 'serviceAccountName is not a DNS-1123 subdomain'),
  r('POD-HOSTNAME', 'api', E, 'hostname/subdomain is not a DNS-1123 label'),
  r('POD-NODESELECTOR', 'api', E, 'nodeSelector key/value is not a valid label'),
  r('POD-EPHEMERAL-ON-CREATE', 'api', E, 'ephemeralContainers set on create or in a template', 'remove ephemeralContainers (they are added with kubectl debug)'),
  r('INIT-NO-LIFECYCLE', 'api', E, 'init container with lifecycle hooks', 'remove lifecycle from the init container'),
  r('INIT-NO-PROBES', 'api', E, 'init container with a liveness, readiness or startup probe', 'remove the probe: an init container runs to completion before the app starts'),
  r('VOL-NAME-REQUIRED', 'api', E, 'volume without name'),
  r('VOL-NAME-DNS1123LABEL', 'api', E, 'volume name is not a DNS-1123 label'),
  r('VOL-NAME-UNIQUE', 'api', E, 'volume name used twice'),
  r('VOL-SOURCE-MAX-ONE', 'api', E, 'volume with more than one source', 'keep one volume source per volume'),
  r('VOL-EMPTYDIR-SIZELIMIT', 'api', E, 'negative emptyDir sizeLimit'),
  r('VOL-HOSTPATH-PATH', 'api', E, 'hostPath path empty or containing \'..\''),
  r('VOL-NFS-SERVER', 'api', E, 'nfs volume without server'),
  r('VOL-NFS-PATH', 'api', E, 'nfs path empty or not absolute'),
  r('VOL-CM-NAME', 'api', E, 'configMap volume without name'),
  r('VOL-SECRET-NAME', 'api', E, 'secret volume without secretName'),
  r('VOL-MODE-RANGE', 'api', E, 'defaultMode/mode outside 0..0777', 'write modes as decimal numbers (0644 octal = 420)'),
  r('VOL-ITEM-KEY', 'api', E, 'items[].key empty'),
  r('VOL-ITEM-PATH', 'api', E, 'items[].path empty, absolute, or with \'..\''),
  r('VOL-PROJECTED', 'api', E, 'projected volume entry with more than one source, or a path projected twice'),
  r('VOL-PVC-CLAIMNAME', 'api', E, 'persistentVolumeClaim volume without claimName'),
  r('MNT-NAME-REQUIRED', 'api', E, 'volumeMount without name'),
  r('MNT-NAME-NOTFOUND', 'api', E, 'volumeMount names no (valid) volume of the pod', 'add the volume to the pod or fix the mount\'s name'),
  r('MNT-PATH-REQUIRED', 'api', E, 'volumeMount without mountPath'),
  r('MNT-PATH-UNIQUE', 'api', E, 'same mountPath twice in one container'),
  r('MNT-SUBPATH', 'api', E, 'subPath absolute or containing \'..\'', 'use a path relative to the volume root'),
  r('MNT-SUBPATH-EXCLUSIVE', 'api', E, 'subPath and subPathExpr both set'),
  r('MNT-SUBPATHEXPR-PATH', 'api', E, 'subPathExpr absolute or containing \'..\''),
  r('MNT-PROPAGATION', 'api', E, 'Bidirectional mount propagation in a non-privileged container'),
  r('PV-ACCESSMODES', 'api', E, 'PersistentVolume accessModes empty or unknown'),
  r('PV-RWOP-EXCLUSIVE', 'api', E, 'ReadWriteOncePod combined with another access mode'),
  r('PV-CAPACITY', 'api', E, 'PersistentVolume capacity missing, not only storage, or not positive'),
  r('PV-RECYCLE-HOSTPATH-ROOT', 'api', E, 'Recycle on a hostPath of \'/\''),
  r('PV-SOURCE-MAX-ONE', 'api', E, 'PersistentVolume with more than one source'),
  r('PV-SOURCE-REQUIRED', 'api', E, 'PersistentVolume without a volume source'),
  r('PV-HOSTPATH', 'api', E, 'PersistentVolume hostPath path empty or with \'..\''),
  r('PV-NFS', 'api', E, 'PersistentVolume nfs server/path missing or path not absolute'),
  r('PV-LOCAL', 'api', E, 'local PersistentVolume without path or nodeAffinity'),
  r('PV-NODEAFFINITY', 'api', E, 'PersistentVolume nodeAffinity without required node selector terms'),
  r('PV-STORAGECLASS-NAME', 'api', E, 'PersistentVolume storageClassName is not a DNS-1123 subdomain'),
  r('PV-CSI', 'api', E, 'csi driver or volumeHandle missing/invalid'),
  r('PVC-ACCESSMODES', 'api', E, 'PersistentVolumeClaim accessModes empty or unknown'),
  r('PVC-RWOP-EXCLUSIVE', 'api', E, 'ReadWriteOncePod combined with another access mode'),
  r('PVC-STORAGE-REQUIRED', 'api', E, 'PersistentVolumeClaim without resources.requests.storage', 'request a size, e.g. resources.requests.storage: 1Gi'),
  r('PVC-STORAGE-POSITIVE', 'api', E, 'PersistentVolumeClaim storage request not greater than zero'),
  r('PVC-DATASOURCE', 'api', E, 'PVC dataSource/dataSourceRef without name or kind, core group kind other than PersistentVolumeClaim, or the two disagree'),
  r('PVC-STORAGECLASS-NAME', 'api', E, 'PersistentVolumeClaim storageClassName is not a DNS-1123 subdomain'),
  r('PVC-SELECTOR', 'api', E, 'PersistentVolumeClaim selector invalid: bad matchLabels, unknown operator, values missing for In/NotIn or set for Exists/DoesNotExist, bad key or value'),
  r('SC-PROVISIONER', 'api', E, 'StorageClass provisioner missing or not a qualified name'),
  r('SC-PARAMS', 'api', E, 'StorageClass parameters: too many, empty key, or too large'),
  r('SC-RECLAIM-ENUM', 'api', E, 'StorageClass reclaimPolicy not Delete/Retain (Recycle is rejected)', 'use Delete or Retain'),
  r('SC-ALLOWEDTOPOLOGIES', 'api', E, 'StorageClass allowedTopologies: expression without values, repeated value or key, key not a qualified name, empty or repeated term'),
  r('SEC-DATA-BASE64', 'api', E, 'Secret data value is not base64', 'base64-encode the value, or put plain text under stringData'),
  r('SEC-KEY-FORMAT', 'api', E, 'Secret key is not a valid config key'),
  r('SEC-SIZE', 'api', E, 'Secret data larger than 1 MiB'),
  r('SEC-DOCKERCONFIGJSON-KEY', 'api', E, 'kubernetes.io/dockerconfigjson Secret without .dockerconfigjson'),
  r('SEC-DOCKERCONFIGJSON-JSON', 'api', E, '.dockerconfigjson is not a JSON object', 'store {"auths": {"<registry>": {"auth": "<base64 user:password>"}}}'),
  r('SEC-DOCKERCFG-KEY', 'api', E, 'kubernetes.io/dockercfg Secret without .dockercfg'),
  r('SEC-DOCKERCFG-JSON', 'api', E, '.dockercfg is not a JSON object'),
  r('SEC-BASICAUTH', 'api', E, 'kubernetes.io/basic-auth Secret with neither username nor password'),
  r('SEC-SSHAUTH', 'api', E, 'kubernetes.io/ssh-auth Secret without ssh-privatekey'),
  r('SEC-TLS', 'api', E, 'kubernetes.io/tls Secret without tls.crt or tls.key'),
  r('SEC-SA-TOKEN', 'api', E, 'service-account-token Secret without the service-account.name annotation'),
  r('CM-KEY-FORMAT', 'api', E, 'ConfigMap key is not a valid config key'),
  r('CM-KEY-DUP', 'api', E, 'same key in data and binaryData'),
  r('CM-SIZE', 'api', E, 'ConfigMap larger than 1 MiB'),
  r('SVC-PORTS-REQUIRED', 'api', E, 'Service without ports (not headless, not ExternalName)'),
  r('SVC-PORT-NAME-REQUIRED', 'api', E, 'Service with several ports and an unnamed one', 'name every port of a multi-port Service'),
  r('SVC-PORT-NAME', 'api', E, 'Service port name invalid or duplicate'),
  r('SVC-PORT-NUMBER', 'api', E, 'Service port outside 1..65535'),
  r('SVC-TARGETPORT', 'api', E, 'targetPort number outside 1..65535 or invalid name'),
  r('SVC-PORT-DUP', 'api', E, 'same protocol/port twice in a Service'),
  r('SVC-NODEPORT-DUP', 'api', E, 'same protocol/nodePort twice in a Service'),
  r('SVC-NODEPORT-CLUSTERIP', 'api', E, 'nodePort on a ClusterIP Service', 'remove nodePort or use type NodePort'),
  r('SVC-NODEPORT-RANGE', 'api', E, 'nodePort outside the default 30000-32767 range', 'pick a nodePort in 30000-32767, or omit it to get one assigned'),
  r('SVC-SELECTOR-LABELS', 'api', E, 'Service selector key/value is not a valid label'),
  r('SVC-LB-KUBELET-PORT', 'api', E, 'LoadBalancer Service exposing the kubelet port 10250'),
  r('SVC-EXTERNALTRAFFICPOLICY', 'api', E, 'externalTrafficPolicy on a ClusterIP/ExternalName Service'),
  r('DEP-TEMPLATE-REQUIRED', 'api', E, 'workload without spec.template', 'add spec.template with the pod to run'),
  r('DEP-REPLICAS', 'api', E, 'negative replicas'),
  r('DEP-SELECTOR-REQUIRED', 'api', E, 'workload without spec.selector', 'set spec.selector.matchLabels to the template\'s labels'),
  r('DEP-SELECTOR-EMPTY', 'api', E, 'workload with an empty selector'),
  r('DEP-SELECTOR-MATCH', 'api', E, 'selector does not match the template labels', 'make spec.selector match spec.template.metadata.labels'),
  r('DEP-TEMPLATE-RESTARTPOLICY', 'api', E, 'Deployment/StatefulSet/DaemonSet template restartPolicy other than Always; Job template Always', 'remove restartPolicy from the template'),
  r('DEP-TEMPLATE-ACTIVEDEADLINE', 'api', E, 'template sets activeDeadlineSeconds'),
  r('DEP-STRATEGY', 'api', E, 'invalid rollout strategy: rollingUpdate with Recreate, maxSurge/maxUnavailable negative or not a percentage, both 0, maxUnavailable over 100%'),
  r('DEP-PROGRESS-DEADLINE', 'api', E, 'progressDeadlineSeconds not greater than minReadySeconds'),
  // ---- layer 3: across objects (A.14 and the cross-object list)
  r('BIND-CLAIMREF-OTHER', 'cross', E, 'PV reserved (claimRef) for another claim than the one that names it'),
  r('BIND-CLAIMREF-UID', 'cross', E, 'PV claimRef.uid that a claim created from a manifest cannot have'),
  r('BIND-VOLUMENAME-OTHER', 'cross', E, 'claim asks (volumeName) for another PV than the one reserved for it'),
  r('BIND-VOLUMENAME-NOTFOUND', 'cross', W, 'claim names (volumeName) a PV not in the set: it stays Pending unless the PV exists in the cluster'),
  r('BIND-CLASS', 'cross', E, 'static PV and its claim have different storage classes: the claim never binds'),
  r('BIND-DEFAULT-CLASS', 'cross', E, 'claim omits storageClassName while a default StorageClass exists (in the set or assumed): admission sets it, the classless PV never binds',
    'set storageClassName: "" on the claim to bind to a classless PV'),
  r('BIND-SIZE', 'cross', E, 'PV capacity smaller than the claim\'s request'),
  r('BIND-ACCESSMODES', 'cross', E, 'claim access modes not offered by the PV'),
  r('BIND-VOLUMEMODE', 'cross', E, 'PV and claim volumeMode differ'),
  r('BIND-SELECTOR', 'cross', E, 'claim selector does not match the PV labels'),
  r('BIND-NO-PV-NO-CLASS', 'cross', W, 'claim with class "" and no PV in the set that could bind it'),
  r('BIND-WFFC-UNUSED', 'cross', W, 'claim of a WaitForFirstConsumer class that no pod in the set uses never binds'),
  r('XREF-PVC-MISSING', 'cross', W, 'pod uses a PersistentVolumeClaim not defined in the set (it may exist in the cluster)'),
  r('XREF-CONFIGMAP-MISSING', 'cross', W, 'pod uses a ConfigMap not defined in the set (it may exist in the cluster)'),
  r('XREF-SECRET-MISSING', 'cross', W, 'pod uses a Secret not defined in the set (it may exist in the cluster)'),
  r('XREF-ITEM-KEY', 'cross', E, 'configMap/secret volume items[].key missing from the object in the set: the kubelet fails the mount',
    'use a key of the ConfigMap/Secret, or mark the volume optional'),
  r('XREF-ENV-KEY', 'cross', E, 'configMapKeyRef/secretKeyRef key missing from the object in the set: the container fails to start'),
  r('XREF-SUBPATH-NOFILE', 'cross', E, 'subPath names no file the configMap/secret volume creates: the kubelet mounts an empty directory there'),
  r('XREF-PULLSECRET-TYPE', 'cross', E, 'imagePullSecrets names a Secret in the set that is not of type kubernetes.io/dockerconfigjson or dockercfg: the kubelet ignores it',
    'create the Secret with type kubernetes.io/dockerconfigjson'),
  r('XREF-SERVICEACCOUNT-MISSING', 'cross', I, 'pod uses a ServiceAccount not defined in the set'),
  r('CTR-SHELL-NO-DASH-C', 'cross', E, 'shell given an inline script without -c: the container exits at once with "can\'t open"',
    'pass the script after -c: ["sh", "-c", "<script>"]'),
  r('SVC-SELECTOR-NOMATCH', 'cross', W, 'Service selector matches no pod template in the set'),
  r('SVC-TARGETPORT-NOMATCH', 'cross', W, 'Service targetPort matches no container port of the selected pods'),
  // ---- layer 4: lint (B)
  r('LINT-LATEST-TAG', 'lint', W, 'image tag latest or no tag: the image floats', 'pin a version tag or a digest (name@sha256:...)'),
  r('LINT-CPU-REQUEST', 'lint', W, 'container without a CPU request', 'set resources.requests.cpu'),
  r('LINT-MEMORY-LIMIT', 'lint', W, 'container without a memory limit', 'set resources.limits.memory'),
  r('LINT-HOSTPATH-SENSITIVE', 'lint', W, 'hostPath of a sensitive node directory or runtime socket'),
  r('LINT-HOSTPATH-WRITABLE', 'lint', I, 'hostPath mounted without readOnly', 'mount it with readOnly: true if the pod only reads it'),
  r('LINT-PRIVILEGED', 'lint', W, 'privileged container', 'remove privileged: true; add only the capabilities it needs'),
  r('LINT-PRIVILEGE-ESCALATION', 'lint', I, 'container does not set allowPrivilegeEscalation: false'),
  r('LINT-RUN-AS-ROOT', 'lint', I, 'container may run as root (no runAsNonRoot / non-zero runAsUser)'),
  r('LINT-HOST-NAMESPACES', 'lint', W, 'pod shares the node\'s network, PID or IPC namespace'),
  r('LINT-PULL-ALWAYS-PINNED', 'lint', I, 'imagePullPolicy Always on a pinned tag or digest: a registry round trip at every start', 'use IfNotPresent for immutable tags'),
  r('LINT-DUPLICATE-ENV', 'lint', W, 'same env var name twice in a container'),
  r('LINT-MOUNT-PATH-ABSOLUTE', 'lint', W, 'mountPath not absolute or containing \':\''),
  r('LINT-VOLUME-NO-SOURCE', 'lint', I, 'volume without a source: the API server turns it into an emptyDir'),
  r('LINT-VOLUME-UNUSED', 'lint', I, 'volume declared but mounted by no container'),
  r('LINT-NAMESPACE-CLUSTER-SCOPED', 'lint', W, 'namespace set on a cluster-scoped object (PersistentVolume, StorageClass, Namespace): it is ignored'),
  r('LINT-PV-RECYCLE', 'lint', W, 'reclaim policy Recycle is deprecated; only nfs and hostPath volumes can be recycled', 'use Retain (and clean up by hand) or dynamic provisioning with Delete'),
  r('LINT-PROBE-PORT', 'lint', W, 'probe targets a named port the container does not declare'),
  r('LINT-SESSIONAFFINITY-IGNORED', 'lint', W, 'Service sessionAffinityConfig with sessionAffinity None: the API server drops it, connections are not sticky'),
  r('LINT-CONSTRUCT-WARNING', 'lint', W, 'a warning a construct of this library recorded at synth'),
];

const BY_ID = new Map(RULES.map((x) => [x.id, x]));

/** The rule with id `id` (throws for an unknown id: a bug in the validator). */
export function ruleInfo(id: string): RuleInfo {
  const info = BY_ID.get(id);
  if (!info) {
    throw new Error(`validator bug: unknown rule id '${id}'`);
  }
  return info;
}

/** True when `id` is a rule of the catalog. */
export function isKnownRule(id: string): boolean {
  return BY_ID.has(id);
}
