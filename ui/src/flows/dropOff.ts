import type { NodeType } from './graph'

// Drop-off per step: of the runs that reached a step, how many stopped there. The stats endpoint
// counts, per node id, the runs that entered it and the runs that went on from it.

export interface NodeTraffic {
  entered: number
  left: number
}

/** The traffic of one flow version over the canvas; steps no run reached are absent. */
export interface FlowTraffic {
  version: number
  nodes: ReadonlyMap<string, NodeTraffic>
}

/** The version whose runs are the draft's previews. */
export const previewVersion = 0

/** Steps that end a run by design (it finishes, goes to a person or to another flow): no run goes on from them, so their drop-off means nothing. */
const terminalTypes: ReadonlySet<string> = new Set<NodeType>(['end', 'handoff', 'jump'])

export function endsByDesign(type: string): boolean {
  return terminalTypes.has(type)
}

/** The share (0..1) of the runs that reached a step and stopped there; null when none reached it. */
export function dropOffRatio(traffic: NodeTraffic): number | null {
  if (traffic.entered <= 0) return null
  const dropped = Math.max(0, traffic.entered - traffic.left)
  return Math.min(1, dropped / traffic.entered)
}

/** What a step's badge says: how many runs reached it and, for steps a run should leave, the share that stopped there. */
export interface TrafficBadge {
  entered: number
  /** A formatted percentage, or null (a step that ends the run, or one no run reached). */
  dropOff: string | null
  /** Whether this step lost a run it should have passed on. */
  losing: boolean
}

export function trafficBadge(type: string, traffic: NodeTraffic | undefined, language: string): TrafficBadge {
  const counted = traffic ?? { entered: 0, left: 0 }
  const ratio = endsByDesign(type) ? null : dropOffRatio(counted)
  return { entered: counted.entered, dropOff: ratio === null ? null : formatPercent(ratio, language), losing: ratio !== null && ratio > 0 }
}

/** Whole percents, except a share under 1% (but not none) shows one decimal, so it never reads as 0%. */
export function formatPercent(ratio: number, language: string): string {
  const digits = ratio > 0 && ratio < 0.01 ? 1 : 0
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: digits, minimumFractionDigits: digits }).format(ratio)
}

/** Reads the stats answer into a traffic map for the version asked. */
export function trafficOf(version: number, nodes: Readonly<Record<string, NodeTraffic>>): FlowTraffic {
  return { version, nodes: new Map(Object.entries(nodes)) }
}

/** The versions the picker offers: published ones newest first (the newest is the live one), then the previews. */
export function versionChoices(published: readonly number[]): number[] {
  return [...[...new Set(published)].sort((a, b) => b - a), previewVersion]
}
