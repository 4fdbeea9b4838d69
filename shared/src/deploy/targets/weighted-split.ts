// Smooth weighted round-robin between stable and canary, as nginx's upstream module does
// it: every 100 consecutive picks hold exactly `weight` canary picks, spread evenly.

import { TrafficError } from '../errors.ts';

export type Variant = 'stable' | 'canary';

/** A weight is an integer percent, 0..100; anything else is refused before traffic moves. */
export function checkWeight(weight: number): void {
  if (!Number.isInteger(weight) || weight < 0 || weight > 100) throw new TrafficError('invalid-weight', `weight: expected an integer percent from 0 to 100, found ${weight}`);
}

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
