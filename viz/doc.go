// Package viz writes refnet's interactive coaching reports: one
// self-contained HTML page per report (WriteReport), or a whole chapter at
// once, an index plus one page per member (WriteChapter).
//
// A page shows the network map (force-directed; size by PageRank or by
// referrals given and received, colour by partner kind or community, arrows
// on arcs, one-way relationships orange and two-way ones light grey, the
// report's person ringed with their neighbourhood, names shown where they
// overlap nothing and on hover elsewhere), the strongest sources, give and receive, the food
// chain as a Sankey diagram with the ask list, partner-kind coverage and
// referrals over time, each with a one-line explanation; a toolbar finds a
// person by name and filters the map by referral value and date range, and
// every chart can be saved as a PNG.
//
// Charts are Apache ECharts 5.4.3 (embedded, Apache-2.0, see
// assets/README.md) configured through go-echarts v2. The page never loads
// anything from the network: the library is inline, or with
// ReportOptions.ExternalJS written beside the page (WriteECharts) and
// loaded by a relative path.
//
// Names, companies and notes are untrusted. go-echarts writes option JSON
// into a <script> block unescaped and turns any string wrapped in "__f__"
// into code, so viz takes only the option objects from go-echarts and
// encodes them itself (scriptJSON: no raw '<', '>', '&', U+2028 or U+2029;
// "__f__" stays a string); the page script puts text into the page with
// textContent or escapes it for tooltips. Numbers are made finite, since a
// NaN would stop the page from loading.
//
// Networks larger than ReportOptions.MaxNodes show their most central
// people plus the focus person's partners. Map positions are computed in
// Go (a ForceAtlas2-style embedder on gonum's Barnes-Hut plane); the page
// stretches them to fill the chart, pushes apart dots whose names would
// collide and places each name on a free side of its dot, most central
// people first (report.js, layMap). On a phone the food chain turns
// upright and tables scroll inside their box.
//
// Maps of SigmaFrom people or more (ReportOptions.MaxNodes = AllPeople
// draws a whole platform) are drawn with sigma.js and graphology
// (assets/sigma.min.js, WebGL) instead of ECharts, at the same positions,
// with the same colours, search, legend and filters. Their data is written
// once, in columns (sigmaMap: names, positions, categories, sizes, and the
// links as one flat array of endpoint indexes), in the same scriptJSON
// block; names reach the picture through sigma's canvas labels and the
// tooltip through esc(). Beyond layoutFullSteps people the layout takes
// fewer steps (iterationsFor), and the give-and-receive scatter shows the
// balanceLimit most central people.
//
// A network with chapter slips (attendance, one-to-ones, visitors, CEUs,
// thank-yous for closed business) also gets the chapter program on its
// whole-network page and on the index of a chapter set (ChapterView): the
// scorecard with traffic lights in a table sortable by any column,
// who-referred-whom and who-met-whom heatmaps, the opportunity and at-risk
// lists, closed business by month and month over month, all computed by
// the analysis package. ReportOptions.HideAmounts keeps closed-business
// amounts off every page. A member's page prints as a one-page coaching
// sheet (OnePager; print stylesheet, A4 or Letter) that the screen never
// shows.
//
// The report is built in two steps, so each section can be tested alone:
// Build computes a Report (plain view models: NetworkMap, Sources,
// Balance, FoodChainView, CoverageRow, MonthPoint, Change, ChapterView,
// OnePager) from a view.Network with the analysis package, and Render
// draws it.
package viz
