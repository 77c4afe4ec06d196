// jsdom lacks the layout APIs React Flow measures with.
class ResizeObserverStub {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

class DOMMatrixReadOnlyStub {
  m22: number;
  constructor(transform?: string) {
    const scale = /scale\(([\d.]+)\)/.exec(transform ?? "")?.[1];
    this.m22 = scale !== undefined ? Number(scale) : 1;
  }
}

globalThis.ResizeObserver = ResizeObserverStub;
// @ts-expect-error: a partial stub is enough for React Flow's zoom reading.
globalThis.DOMMatrixReadOnly = DOMMatrixReadOnlyStub;

// Nor can it scroll: the inspector scrolls a field into view when a question leads to it.
Element.prototype.scrollIntoView = function scrollIntoView() {};
