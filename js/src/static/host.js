// The kernel's part in a file written by `to_html()` (latent_widgets/widgets/export.py):
// the view's state and every computed map come from the file's JSON; the view's commands
// are answered from what the file holds (the decoder for the page, the runtime's wasm, the
// maps' inverses, a point's label and thumbnail); what needs a kernel is refused in words.
// The view itself is the same bundle as in a notebook, imported from the file.

import { decodeFileValue, packReply, StaticModel } from "./model.js";
import { interpolationFile, persistenceLinks } from "./links.js";

const NO_KERNEL = "this file has no kernel";

/** The commands a file answers, by name: (msg, model) → result, or throws in words. */
function handlers(data, wasm) {
  const { decoder, maps } = data;
  // the thumbnails are in the file once: the hover's, and the nearest data's in the panel
  const thumbs = data.thumbnails ?? null;
  return {
    _page_decoder_command: () => (decoder.available ? { ...decoder, thumbnails: thumbs } : decoder),
    _page_runtime_command: () => ({ wasm }),
    _page_inverse_command: ({ projection }) => maps[projection]?.inverse
      ?? { kind: "kernel", reason: `${NO_KERNEL}, and no ${projection} map` },
    _hover_command: ({ index }, model) => {
      const names = model.get("class_names") ?? [];
      const codes = data.labels?.data;
      let thumbnail = null;
      if (thumbs) {
        const [, h, w] = thumbs.shape;
        const size = h * w * 4;
        thumbnail = { data: thumbs.data.subarray(index * size, (index + 1) * size), shape: [h, w, 4], dtype: "uint8" };
      }
      return { index, label: codes ? names[codes[index]] ?? null : null, thumbnail };
    },
    _select_command: () => ({}), // the selection lives in the page
  };
}

/** anywidget's `invoke`, answered here: the reply envelope and buffers a kernel would send. */
function invoker(data, model, wasm) {
  const answer = handlers(data, wasm);
  return async (name, msg) => {
    const handler = answer[name];
    if (!handler) {
      const what = name.replace(/^_+/, "").replace(/_command$/, "").replace(/_/g, " ");
      return [{ ok: false, error: { type: "NoKernel", message: `${NO_KERNEL}: the ${what} request needs one (open the notebook to use it)`, traceback: "" } }, []];
    }
    return packReply(await handler(msg ?? {}, model));
  };
}

/** The view module of `kind`, imported from the bundle the file holds. */
async function viewModule(kind) {
  const code = atob(document.getElementById(`lw-bundle-${kind}`).textContent.trim());
  const bytes = Uint8Array.from(code, (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: "text/javascript" }));
  return (await import(url)).default;
}

/** Where each view goes: one after another, or an app's two columns (map and path, homology). */
function places(views, linked) {
  const root = document.getElementById("lw-view");
  if (!linked) return views.map(() => root.appendChild(document.createElement("div")));
  root.className = "lw-file-app";
  const left = root.appendChild(document.createElement("div"));
  const right = root.appendChild(document.createElement("div"));
  left.className = right.className = "lw-file-column";
  return views.map((view) => (view.view === "persistence" ? right : left)
    .appendChild(document.createElement("div")));
}

async function main() {
  const file = await decodeFileValue(JSON.parse(document.getElementById("lw-data").textContent));
  const { views, linked, wasm } = file;
  const models = [];
  const explorer = () => models[views.findIndex((v) => v.view === "explorer")] ?? null;
  const where = places(views, linked);
  for (const [k, data] of views.entries()) {
    const onSave = data.view === "interpolation" ? interpolationFile(data)
      : linked && data.view === "persistence" ? persistenceLinks(data, explorer) : undefined;
    const model = new StaticModel(data.state, data.maps, onSave);
    models.push(model);
    const view = await viewModule(data.view);
    view.render({ model, el: where[k], experimental: { invoke: invoker(data, model, wasm) } });
  }
}

main().catch((err) => {
  document.getElementById("lw-view").textContent = `This file could not start its view: ${err?.message ?? err}`;
});
