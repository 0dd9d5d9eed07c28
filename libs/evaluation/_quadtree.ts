/**
 * A 2-D Barnes-Hut tree over the current embedding, rebuilt every iteration. Coincident points share a leaf and
 * count twice, as in scikit-learn's `_QuadTree`. After `build()` the tree is laid out breadth-first in two flat
 * arrays that a worker thread can read (`nodes`: centre of mass x, y, point count, squared cell width or -1 for a
 * leaf, divided by theta^2; `links`: first child, number of children), allocated through `allocate` so they may
 * be shared memory.
 */
export class QuadTree {
  // The tree as inserted: per cell its square (centre, half-width), coordinate sums, count, first of four
  // consecutive children (-1 for a leaf) and, for a leaf, the position of its point(s).
  #cx = new Float64Array(0);
  #cy = new Float64Array(0);
  #half = new Float64Array(0);
  #sx = new Float64Array(0);
  #sy = new Float64Array(0);
  #count = new Float64Array(0);
  #child = new Int32Array(0);
  #lx = new Float64Array(0);
  #ly = new Float64Array(0);
  #cells = 0;
  #queue = new Int32Array(0);
  #position = new Int32Array(0);
  readonly #allocate: (bytes: number) => ArrayBufferLike;

  /** Breadth-first nodes, 4 values each: centre of mass x, y, count, squared width / theta^2 (-1 for a leaf). */
  nodes: Float64Array = new Float64Array(0);
  /** Per node: index of its first child node and the number of (non-empty) children. */
  links: Int32Array = new Int32Array(0);
  /** Nodes in use. */
  size = 0;
  /** Incremented whenever `nodes` and `links` are reallocated. */
  version = 0;

  constructor(allocate: (bytes: number) => ArrayBufferLike = (bytes) => new ArrayBuffer(bytes)) {
    this.#allocate = allocate;
  }

  /**
   * Rebuilds the tree over `n` points `y` = [x0, y0, x1, y1, ...], for the Barnes-Hut angle whose square is
   * `thetaSquared`: a cell is stored with squared width / theta^2, so that opening it is one comparison.
   */
  build(y: Float64Array, n: number, thetaSquared: number): void {
    if (this.#cx.length < 4 * n + 16) this.#grow(4 * n + 16);
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const px = y[2 * i] as number;
      const py = y[2 * i + 1] as number;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
    const half = Math.max(maxX - minX, maxY - minY) / 2;
    this.#cells = 0;
    this.#newCell((minX + maxX) / 2, (minY + maxY) / 2, half * (1 + 1e-9) + 1e-12);
    for (let i = 0; i < n; i++) this.#insert(y[2 * i] as number, y[2 * i + 1] as number);
    this.#layOut(thetaSquared);
  }

  // Breadth-first copy of the non-empty cells, so that a cell's children are consecutive.
  #layOut(thetaSquared: number): void {
    const cells = this.#cells;
    if (this.nodes.length < 4 * cells) {
      const capacity = Math.ceil(cells * 1.5);
      this.nodes = new Float64Array(this.#allocate(capacity * 32));
      this.links = new Int32Array(this.#allocate(capacity * 8));
      this.version++;
    }
    const queue = this.#queue;
    const position = this.#position;
    const count = this.#count;
    const child = this.#child;
    let head = 0;
    let tail = 0;
    queue[tail++] = 0;
    while (head < tail) {
      const c = queue[head] as number;
      position[c] = head++;
      const first = child[c] as number;
      if (first >= 0) for (let k = first; k < first + 4; k++) if ((count[k] as number) > 0) queue[tail++] = k;
    }
    const nodes = this.nodes;
    const links = this.links;
    for (let p = 0; p < tail; p++) {
      const c = queue[p] as number;
      const k = count[c] as number;
      const first = child[c] as number;
      nodes[4 * p] = (this.#sx[c] as number) / k;
      nodes[4 * p + 1] = (this.#sy[c] as number) / k;
      nodes[4 * p + 2] = k;
      if (first < 0) {
        nodes[4 * p + 3] = -1;
        links[2 * p] = 0;
        links[2 * p + 1] = 0;
        continue;
      }
      const width = 2 * (this.#half[c] as number);
      // theta 0 opens every cell: the exact sum.
      nodes[4 * p + 3] = thetaSquared > 0 ? (width * width) / thetaSquared : Number.POSITIVE_INFINITY;
      let firstPosition = -1;
      let children = 0;
      for (let q = first; q < first + 4; q++) {
        if ((count[q] as number) === 0) continue;
        if (firstPosition < 0) firstPosition = position[q] as number;
        children++;
      }
      links[2 * p] = firstPosition;
      links[2 * p + 1] = children;
    }
    this.size = tail;
  }

  #grow(capacity: number): void {
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, Math.min(old.length, capacity)));
      return next;
    };
    const f64 = (n: number) => new Float64Array(n);
    const i32 = (n: number) => new Int32Array(n);
    this.#cx = grow(this.#cx, f64);
    this.#cy = grow(this.#cy, f64);
    this.#half = grow(this.#half, f64);
    this.#sx = grow(this.#sx, f64);
    this.#sy = grow(this.#sy, f64);
    this.#count = grow(this.#count, f64);
    this.#lx = grow(this.#lx, f64);
    this.#ly = grow(this.#ly, f64);
    this.#child = grow(this.#child, i32);
    this.#queue = new Int32Array(capacity);
    this.#position = new Int32Array(capacity);
  }

  #newCell(cx: number, cy: number, half: number): number {
    const c = this.#cells++;
    if (c >= this.#cx.length) this.#grow(2 * this.#cx.length);
    this.#cx[c] = cx;
    this.#cy[c] = cy;
    this.#half[c] = half;
    this.#sx[c] = 0;
    this.#sy[c] = 0;
    this.#count[c] = 0;
    this.#child[c] = -1;
    return c;
  }

  #quadrant(c: number, px: number, py: number): number {
    return (
      (this.#child[c] as number) +
      (px > (this.#cx[c] as number) ? 1 : 0) +
      (py > (this.#cy[c] as number) ? 2 : 0)
    );
  }

  #insert(px: number, py: number): void {
    let c = 0;
    for (let depth = 0; ; depth++) {
      const count = this.#count[c] as number;
      if (count === 0) {
        this.#lx[c] = px;
        this.#ly[c] = py;
      } else if ((this.#child[c] as number) < 0) {
        const lx = this.#lx[c] as number;
        const ly = this.#ly[c] as number;
        // Coincident points (or a cell too small to split further) share the leaf.
        if ((lx === px && ly === py) || depth > 64) {
          this.#add(c, px, py);
          return;
        }
        // Split: four children; the leaf's point(s) move into theirs.
        const h = (this.#half[c] as number) / 2;
        const cx = this.#cx[c] as number;
        const cy = this.#cy[c] as number;
        const first = this.#newCell(cx - h, cy - h, h);
        this.#newCell(cx + h, cy - h, h);
        this.#newCell(cx - h, cy + h, h);
        this.#newCell(cx + h, cy + h, h);
        this.#child[c] = first;
        const q = this.#quadrant(c, lx, ly);
        this.#lx[q] = lx;
        this.#ly[q] = ly;
        this.#sx[q] = this.#sx[c] as number;
        this.#sy[q] = this.#sy[c] as number;
        this.#count[q] = count;
      }
      this.#add(c, px, py);
      if ((this.#child[c] as number) < 0) return;
      c = this.#quadrant(c, px, py);
    }
  }

  #add(c: number, px: number, py: number): void {
    this.#sx[c] = (this.#sx[c] as number) + px;
    this.#sy[c] = (this.#sy[c] as number) + py;
    this.#count[c] = (this.#count[c] as number) + 1;
  }
}
