package main

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/refnet/refnet/serve"
	"github.com/refnet/refnet/viz"
)

// pageBody is what one workspace page shows; html/template escapes every
// text in it (names and notes come from other people's files).
type pageBody struct {
	Error, Flash string
	// Columns and Rows are a command's records.
	Columns []string
	Rows    [][]string
	// Links are the networks of the store.
	Links []viz.PageLink
	// Work marks the page of forms; People are the contact names offered
	// as you type, Duplicates the rows of refnet contacts duplicates.
	Work       bool
	People     []string
	Duplicates [][]string
	// Preview is refnet ingest --dry-run's text; Upload the id to confirm.
	Preview, Upload string
}

type pageView struct {
	pageBody
	Title, Network string
	Nav            []viz.PageLink
	ReadOnly       bool
	CSRF           string
	// URLs of the network's pages.
	WorkURL, Person, Overview, History string
}

// page writes a workspace page with status.
func (s *server) page(w http.ResponseWriter, status int, network, title string, b pageBody) {
	v := pageView{pageBody: b, Title: title, Network: network, ReadOnly: s.readOnly, CSRF: s.csrf}
	if network != "" {
		v.Nav, v.WorkURL, v.Person = s.nav(network), netPath(network, "work"), netPath(network, "person")
		v.Overview, v.History = netPath(network, ""), netPath(network, "history")
	} else {
		v.Nav = []viz.PageLink{{Name: "Networks", File: "/"}}
	}
	var buf bytes.Buffer
	if err := workspaceTemplate.Execute(&buf, v); err != nil {
		http.Error(w, "refnet serve: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

var workspaceTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"csrfField": func() string { return serve.CSRFField },
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="refnet serve">
<title>{{.Title}}{{if .Network}} · {{.Network}}{{end}} · refnet</title>
<style>
:root { --ink: #1d2733; --muted: #5b6877; --line: #d8dee6; --accent: #1f6fb2; --bad: #b3261e; --good: #1b7a3d; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f5f7fa; }
header, main { max-width: 1100px; margin: 0 auto; padding: 16px 20px; }
header h1 { margin: 4px 0 0; font-size: 24px; }
nav.served { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 15px; }
a { color: var(--accent); }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin: 0 0 16px; }
.card h2 { margin: 0 0 8px; font-size: 18px; }
.msg { white-space: pre-wrap; background: #eef6ee; border-left: 4px solid var(--good); padding: 10px 12px; margin: 0 0 16px; overflow-x: auto; }
.error { white-space: pre-wrap; background: #fbeeee; border-left: 4px solid var(--bad); padding: 10px 12px; margin: 0 0 16px; }
pre.preview { white-space: pre-wrap; word-break: break-word; background: #fff; border: 1px solid var(--line); padding: 12px; font-size: 14px; }
form.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 10px 14px; align-items: end; }
label { display: block; font-size: 14px; color: var(--muted); }
input, select, button { font: inherit; width: 100%; padding: 7px 9px; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
button { background: var(--accent); color: #fff; border: 0; cursor: pointer; width: auto; min-width: 110px; }
button.plain { background: #e7ecf2; color: var(--ink); }
button.danger { background: var(--bad); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
td form { display: inline; }
td button { min-width: 0; padding: 3px 9px; font-size: 13px; }
ul.networks { font-size: 18px; }
@media (max-width: 600px) { header, main { padding: 10px 12px; } form.grid { grid-template-columns: 1fr; } button { width: 100%; } td button { width: auto; } }
</style>
</head>
<body>
<header>
  <nav class="served" aria-label="Workspace">{{range .Nav}}<a href="{{.File}}">{{.Name}}</a> {{end}}</nav>
  <h1>{{.Title}}</h1>
  {{- if .Network}}<p>Network <strong>{{.Network}}</strong>{{if .ReadOnly}} · read-only{{end}}</p>{{end}}
</header>
<main>
{{- with .Flash}}<p class="msg" id="flash" role="status">{{.}}</p>{{end}}
{{- with .Error}}<p class="error" id="error" role="alert">{{.}}</p>{{end}}

{{- if .Links}}
<section class="card"><h2>Networks in the store</h2>
<ul class="networks">{{range .Links}}<li><a href="{{.File}}">{{.Name}}</a></li>{{end}}</ul>
</section>
{{- end}}

{{- if .Preview}}
<section class="card" id="preview"><h2>What the import would do</h2>
<pre class="preview">{{.Preview}}</pre>
{{- if .Upload}}
<form method="post" action="/import/confirm" style="display:inline"><input type="hidden" name="{{csrfField}}" value="{{.CSRF}}"><input type="hidden" name="upload" value="{{.Upload}}"><button id="import-confirm">Import</button></form>
<form method="post" action="/import/cancel" style="display:inline"><input type="hidden" name="{{csrfField}}" value="{{.CSRF}}"><input type="hidden" name="upload" value="{{.Upload}}"><button class="plain" id="import-cancel">Cancel</button></form>
{{- end}}
</section>
{{- end}}

{{- if .Work}}
<datalist id="people">{{range .People}}<option value="{{.}}">{{end}}</datalist>
<section class="card"><h2>Find a person</h2>
<form class="grid" method="get" action="{{.Person}}" id="find-form">
  <div><label for="find">Name</label><input id="find" name="id" list="people" autocomplete="off" required></div>
  <div><button>Show</button></div>
</form></section>
<section class="card"><h2>Filters for the overview</h2>
<form class="grid" method="get" action="{{.Overview}}" id="filter-form">
  <div><label for="since">From (date)</label><input id="since" name="since" type="date"></div>
  <div><label for="until">Until (date)</label><input id="until" name="until" type="date"></div>
  <div><label for="weight">Weight</label><select id="weight" name="weight"><option value="">default</option><option>quality</option><option>count</option><option>won</option><option>value</option><option>rating</option><option>decayed</option></select></div>
  <div><label for="layer">Layer</label><input id="layer" name="layer"></div>
  <div><button>Show overview</button></div>
</form></section>
{{- if not .ReadOnly}}
<section class="card"><h2>Log a referral</h2>
<form class="grid" method="post" action="log" id="log-form"><input type="hidden" name="{{csrfField}}" value="{{$.CSRF}}">
  <div><label for="log-from">Who gave it</label><input id="log-from" name="from" list="people" autocomplete="off" required></div>
  <div><label for="log-to">Who received it</label><input id="log-to" name="to" list="people" autocomplete="off" required></div>
  <div><label for="log-date">Date (empty: today)</label><input id="log-date" name="date" type="date"></div>
  <div><label for="log-value">Value</label><input id="log-value" name="value" inputmode="decimal"></div>
  <div><label for="log-status">Status</label><select id="log-status" name="status"><option value="">not recorded</option><option>open</option><option>met</option><option>won</option><option>lost</option></select></div>
  <div><label for="log-prospect">Prospect (client)</label><input id="log-prospect" name="prospect"></div>
  <div><label for="log-note">Note</label><input id="log-note" name="note"></div>
  <div><label for="log-new-people"><input type="checkbox" id="log-new-people" name="new-people" value="1" style="width:auto"> add people not yet known</label></div>
  <div><button id="log-submit">Log referral</button></div>
</form></section>
<section class="card"><h2>Log a TYFCB or a one-to-one</h2>
<form class="grid" method="post" action="slip" id="slip-form"><input type="hidden" name="{{csrfField}}" value="{{$.CSRF}}">
  <div><label for="slip-kind">Kind</label><select id="slip-kind" name="kind"><option value="tyfcb">TYFCB (thank you for closed business)</option><option value="one-to-one">One-to-one</option></select></div>
  <div><label for="slip-member">Member (TYFCB: who won the work)</label><input id="slip-member" name="member" list="people" autocomplete="off" required></div>
  <div><label for="slip-other">Other (TYFCB: who referred it)</label><input id="slip-other" name="other" list="people" autocomplete="off" required></div>
  <div><label for="slip-amount">Amount (TYFCB)</label><input id="slip-amount" name="amount" inputmode="decimal"></div>
  <div><label for="slip-date">Date (empty: today)</label><input id="slip-date" name="date" type="date"></div>
  <div><label for="slip-note">Note</label><input id="slip-note" name="note"></div>
  <div><button id="slip-submit">Log</button></div>
</form></section>
<section class="card"><h2>Latest referrals</h2>
<div class="table-wrap"><table id="referrals"><thead><tr><th>id</th><th>from</th><th>to</th><th>date</th><th>value</th><th>status</th><th>prospect</th><th>note</th><th></th></tr></thead><tbody>
{{- range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}<td><form method="post" action="delete"><input type="hidden" name="{{csrfField}}" value="{{$.CSRF}}"><input type="hidden" name="id" value="{{index . 0}}"><button class="danger" title="Delete referral {{index . 0}}">Delete</button></form></td></tr>{{end}}
</tbody></table></div>
<h3>Edit a referral</h3>
<form class="grid" method="post" action="edit" id="edit-form"><input type="hidden" name="{{csrfField}}" value="{{$.CSRF}}">
  <div><label for="edit-id">Referral id</label><input id="edit-id" name="id" inputmode="numeric" required></div>
  <div><label for="edit-status">New status</label><select id="edit-status" name="status"><option value="">unchanged</option><option>open</option><option>met</option><option>won</option><option>lost</option></select></div>
  <div><label for="edit-value">New value</label><input id="edit-value" name="value" inputmode="decimal"></div>
  <div><label for="edit-date">New date</label><input id="edit-date" name="date" type="date"></div>
  <div><label for="edit-note">New note</label><input id="edit-note" name="note"></div>
  <div><button id="edit-submit">Save</button></div>
</form></section>
<section class="card"><h2>Merge duplicate contacts</h2>
{{- if .Duplicates}}
<div class="table-wrap"><table id="duplicates"><thead><tr><th>keep</th><th>merge into it</th><th>why</th><th>similarity</th><th></th></tr></thead><tbody>
{{- range .Duplicates}}<tr><td>{{index . 1}} ({{index . 0}})</td><td>{{index . 3}} ({{index . 2}})</td><td>{{index . 4}}</td><td>{{index . 5}}</td><td><form method="post" action="merge"><input type="hidden" name="{{csrfField}}" value="{{$.CSRF}}"><input type="hidden" name="keep" value="{{index . 0}}"><input type="hidden" name="other" value="{{index . 2}}"><button>Merge</button></form></td></tr>{{end}}
</tbody></table></div>
{{- else}}<p>No likely duplicates.</p>{{end}}
<form class="grid" method="post" action="merge" id="merge-form"><input type="hidden" name="{{csrfField}}" value="{{$.CSRF}}">
  <div><label for="merge-keep">Keep</label><input id="merge-keep" name="keep" list="people" autocomplete="off" required></div>
  <div><label for="merge-other">Merge into it</label><input id="merge-other" name="other" list="people" autocomplete="off" required></div>
  <div><button id="merge-submit">Merge</button></div>
</form></section>
<section class="card"><h2>Undo</h2>
<p>Takes back the last change (<a href="{{.History}}">history</a>).</p>
<form method="post" action="undo" id="undo-form"><input type="hidden" name="{{csrfField}}" value="{{$.CSRF}}"><button class="danger" id="undo-submit">Undo the last change</button></form>
</section>
{{- end}}
{{- end}}

{{- if and (not .ReadOnly) (or .Work .Links (not .Network))}}
{{- if not .Preview}}
<section class="card"><h2>Import a file</h2>
<p>Contacts, a referral log or chapter slips (CSV, Excel, vCard, GraphML...); you see what it would do before anything is stored. Up to 64 MiB.</p>
<form class="grid" method="post" action="/import" enctype="multipart/form-data" id="import-form"><input type="hidden" name="{{csrfField}}" value="{{.CSRF}}">
  <div><label for="import-network">Network</label><input id="import-network" name="network" value="{{.Network}}" required></div>
  <div><label for="import-file">File</label><input id="import-file" name="file" type="file" multiple required></div>
  <div><button id="import-submit">Preview</button></div>
</form></section>
{{- end}}
{{- end}}

{{- if and .Columns (not .Work)}}
<section class="card"><div class="table-wrap"><table id="records">
<thead><tr>{{range .Columns}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</tbody>
</table></div></section>
{{- end}}
</main>
</body>
</html>
`))
