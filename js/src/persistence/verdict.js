// The verdict under the note: one short sentence on what is certain (outside the shaded
// band), and what would tell more: more landmarks (the bound falls; offered whenever
// landmarks were used) and, when nothing is certain, the homology of a PCA copy (with what
// the copy distorts). The kernel writes the words (info.verdict, info.offers,
// info.reduction); this section lays them out as text.

import { element } from "../shared/dom.js";
import "./verdict.css";

/** Whether `info` says that no feature of dimension ≥ 1 is certain. */
export function nothingCertain(info) {
  const counts = Array.isArray(info?.certain) ? info.certain : [];
  return Boolean(info?.verdict) && counts.length > 0 && counts.every((c) => Number(c) === 0);
}

export class VerdictSection {
  /**
   * @param {HTMLElement} parent
   * @param {{ onMore: () => void, onPCA: (k: number) => void, onBack: () => void }} handlers
   */
  constructor(parent, handlers) {
    this.element = element("div", "lw-verdict-box", parent);
    this.sentence = element("p", "lw-verdict", this.element);
    this.sentence.setAttribute("aria-live", "polite");
    this.offers = element("div", "lw-offers", this.element);
    this.more = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-more-landmarks", this.offers));
    this.more.type = "button";
    this.more.addEventListener("click", () => handlers.onMore());
    const pcaLabel = element("span", "lw-pca-label", this.offers);
    this.pca = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-pca-copy", pcaLabel));
    this.pca.type = "button";
    this.pca.textContent = "Homology of a PCA copy in";
    this.pcaK = /** @type {HTMLInputElement} */ (element("input", "lw-pca-k", pcaLabel));
    this.pcaK.type = "number";
    this.pcaK.min = "1";
    this.pcaK.step = "1";
    this.pcaK.setAttribute("aria-label", "dimensions of the PCA copy");
    this.pcaK.title = "How many principal directions the PCA copy keeps";
    pcaLabel.append(" dims");
    this.pcaLabel = pcaLabel;
    this.pca.addEventListener("click", () => {
      const k = Math.round(Number(this.pcaK.value));
      if (Number.isFinite(k) && k >= 1) handlers.onPCA(k);
    });
    this.reduction = element("p", "lw-reduction", this.element);
    this.back = /** @type {HTMLButtonElement} */ (element("button", "lw-button lw-back-to-latents", this.element));
    this.back.type = "button";
    this.back.title = "Compute again on the latents themselves, not the PCA copy";
    this.back.addEventListener("click", () => handlers.onBack());
    this.shownK = null;
  }

  /**
   * @param {any} info the `info` trait
   * @param {string} state the status state ("computing", "ready", "error")
   */
  show(info, state) {
    const verdict = String(info?.verdict ?? "");
    this.sentence.textContent = verdict; // text, never HTML
    this.sentence.hidden = !verdict;
    this.sentence.dataset.certain = String(!nothingCertain(info));
    const busy = state === "computing";
    const more = info?.offers?.more ?? null; // whenever landmarks were used
    const pca = nothingCertain(info) ? info?.offers?.pca ?? null : null; // when nothing is
    this.offers.hidden = !more && !pca;
    this.more.hidden = !more;
    if (more) {
      this.more.textContent = String(more.text);
      this.more.disabled = busy || !more.fits;
      this.more.title = more.fits ? "Compute again on more landmarks: the bound falls" : String(more.why);
      this.more.dataset.landmarks = String(more.landmarks);
    }
    this.pcaLabel.hidden = !pca;
    if (pca) {
      this.pcaK.max = String(pca.max_k);
      if (this.shownK !== pca.k) this.pcaK.value = String(pca.k); // keep what the user typed
      this.shownK = pca.k;
      this.pca.disabled = busy;
      this.pca.title = `Compute on the points' top principal directions (of ${pca.dims}); what the copy distorts is said below it`;
    }
    const reduction = info?.reduction ?? null;
    this.reduction.textContent = reduction ? String(reduction.text) : "";
    this.reduction.hidden = !reduction;
    this.back.hidden = !reduction;
    this.back.disabled = busy;
    if (reduction) this.back.textContent = `Back to all ${reduction.dims} dims`;
    this.element.hidden = this.sentence.hidden && this.offers.hidden && this.reduction.hidden;
  }
}
