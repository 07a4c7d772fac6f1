// Entry of sigma.min.js: sigma.js and graphology as one script that sets
// the globals the report page uses (see README.md for the command). The
// large map draws its links with EdgeLineProgram (one-pixel WebGL lines)
// and its dots with NodePointProgram (WebGL points), which software WebGL
// (headless browsers, machines without a GPU) draws many times faster than
// sigma's default rectangles and circles.
import Graph from "graphology";
import Sigma from "sigma";
import { EdgeLineProgram, NodePointProgram } from "sigma/rendering";

window.graphology = Graph;
window.Sigma = Sigma;
window.sigmaPrograms = { EdgeLineProgram: EdgeLineProgram, NodePointProgram: NodePointProgram };
