// The Explorer's anywidget module: the traits the view reads, each with its codec, mounted
// over the framework-free ExplorerView (view.js) by the shared life cycle (../shared/mount.js).

import { decodeArray, decodeIndices } from "../shared/arrays.js";
import { plain, widget } from "../shared/mount.js";
import { ExplorerView } from "./view.js";
import "../shared/base.css";
import "./styles.css";

export const TRAITS = {
  points: decodeArray,
  labels: decodeArray,
  class_names: plain,
  color_mode: plain,
  color_values: decodeArray,
  color_range: plain,
  hidden_classes: plain,
  selection: decodeIndices,
  highlight: decodeIndices,
  cycle: decodeArray,
  rips_edges: decodeArray,
  rips_lengths: decodeArray,
  rips_eps: plain,
  path: decodeArray,
  path_current: plain,
  point_size: plain,
  opacity: plain,
  projection: plain,
  projection_state: plain,
  decode_on_hover: plain,
  n_neighbours: plain,
  height: plain,
  has_decoder: plain,
  decoder_note: plain,
  decode_layer: plain,
  layer: plain,
  layers: plain,
};

export default widget(ExplorerView, TRAITS);
