/**
 * Draws the page once a frame at most, however many changes came in meanwhile (a hundred pushed events are one
 * drawing, not a hundred). A hidden tab gets no frames, so a timer draws it too. A change made while drawing (a
 * component's command, a focus move) draws again afterwards instead of inside: the components never see their DOM
 * change under their own feet. `whenDrawn(fn)` runs `fn` after the next drawing: the focus moves to what may only
 * then be shown.
 */
export function frames(draw) {
  let scheduled = null;
  let drawing = false;
  let again = false;
  const after = [];

  function now() {
    if (scheduled) {
      cancelAnimationFrame(scheduled.frame);
      clearTimeout(scheduled.timer);
      scheduled = null;
    }
    drawing = true;
    try {
      do {
        again = false;
        draw();
      } while (again);
    } finally {
      drawing = false;
    }
    after.splice(0).forEach((fn) => fn());
  }

  function render() {
    if (drawing) {
      again = true;
      return;
    }
    if (!scheduled) scheduled = { frame: requestAnimationFrame(now), timer: setTimeout(now, 250) };
  }

  function whenDrawn(fn) {
    after.push(fn);
    render();
  }

  return { render, whenDrawn };
}
