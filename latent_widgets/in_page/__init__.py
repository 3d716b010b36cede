"""Decoding in the page: the space's decoder exported to ONNX and run by onnxruntime-web.

- `onnx_export`: the decoder as an ONNX model (``torch.onnx.export``), the user's modules left
  as they were;
- `payload`: what the page needs to decode without the kernel (the model, how its outputs
  become frames, latents to check it on with Python's frames, the data's latents), or why
  it cannot;
- `inverse`: a map's inverse as the page computes it (PCA's matrix, the kNN barycentre);
- `runtime`: onnxruntime-web's WebAssembly binary, shipped in the package.
"""

from latent_widgets.in_page.onnx_export import ExportFailed, export_decoder
from latent_widgets.in_page.payload import PAGE_DATA_BUDGET, PageDecoder, page_decoder

__all__ = ["PAGE_DATA_BUDGET", "ExportFailed", "PageDecoder", "export_decoder", "page_decoder"]
