// Smooth weighted round-robin between stable and canary, as nginx's upstream module does
// it: every 100 consecutive picks hold exactly `weight` canary picks, spread evenly.

export type Variant = 'stable' | 'canary';

/** One weight's picker. A weight change builds a new one, so a change is one assignment. */
export class WeightedSplit {
  readonly canaryWeight: number;
  private stableCurrent = 0;
  private canaryCurrent = 0;

  constructor(canaryWeight: number) {
    this.canaryWeight = canaryWeight;
  }

  next(): Variant {
    const canary = this.canaryWeight;
    if (canary <= 0) return 'stable';
    if (canary >= 100) return 'canary';
    this.stableCurrent += 100 - canary;
    this.canaryCurrent += canary;
    // Ties go to the first peer (stable), as nginx's `>` does.
    if (this.canaryCurrent > this.stableCurrent) {
      this.canaryCurrent -= 100;
      return 'canary';
    }
    this.stableCurrent -= 100;
    return 'stable';
  }
}
