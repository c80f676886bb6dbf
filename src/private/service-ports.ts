/**
 * Service port rules that the API server checks late (the NodePort allocator) or not at all
 * (whether a targetPort matches a port of the selected pods). Shared by the registry
 * constructs' Service checks and the manifest validator's cross-object layer.
 */

/** Lowest port of the default `--service-node-port-range`. */
export const NODE_PORT_MIN = 30000;
/** Highest port of the default `--service-node-port-range`. */
export const NODE_PORT_MAX = 32767;

/** The allocator's complaint for a nodePort outside the default range (empty when valid). */
export function nodePortErrors(n: number): string[] {
  if (!Number.isInteger(n) || n < NODE_PORT_MIN || n > NODE_PORT_MAX) {
    return [`provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`];
  }
  return [];
}

interface ContainerPortJson {
  readonly containerPort?: number;
  readonly name?: string;
}

function portsOf(containers: any[]): ContainerPortJson[] {
  const out: ContainerPortJson[] = [];
  for (const c of containers ?? []) {
    for (const p of (c && Array.isArray(c.ports)) ? c.ports : []) {
      out.push(p);
    }
  }
  return out;
}

function describe(ports: ContainerPortJson[]): string {
  if (ports.length === 0) {
    return 'the selected containers declare no ports';
  }
  const shown = ports.map((p) => (p.name ? `${p.containerPort} (${p.name})` : `${p.containerPort}`));
  return `the selected containers declare ${[...new Set(shown)].join(', ')}`;
}

/**
 * A problem message when `targetPort` matches no port of the selected containers, else
 * undefined. A number must equal some `containerPort`; a name must equal some port `name`
 * (a numeric string counts as a number, as in IntOrString). `containers` is the container
 * JSON of the pods the Service selects.
 */
export function targetPortProblem(targetPort: number | string, containers: any[]): string | undefined {
  const ports = portsOf(containers);
  if (typeof targetPort === 'number' || /^[0-9]+$/.test(targetPort)) {
    const n = Number(targetPort);
    if (ports.some((p) => p.containerPort === n)) {
      return undefined;
    }
    return `targetPort ${n} matches no containerPort: ${describe(ports)}, so traffic would reach a closed port`;
  }
  if (ports.some((p) => p.name === targetPort)) {
    return undefined;
  }
  return `targetPort '${targetPort}' matches no container port name: ${describe(ports)}`;
}
