package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeFile writes text to a file in dir and returns its path.
func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func jsonRecords(t *testing.T, out string) []map[string]any {
	t.Helper()
	var rs []map[string]any
	if err := json.Unmarshal([]byte(out), &rs); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	return rs
}

func jsonObject(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	return m
}

// arcList is the node and arc lists of a network as the export command
// writes them, for exact comparisons.
func arcList(t *testing.T, db string) string {
	t.Helper()
	out := t.TempDir()
	mustRefnet(t, "export", "--db", db, "--to", "csv", "-o", out, "-q")
	var all string
	for _, f := range []string{"nodes.csv", "edges.csv"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		all += string(b)
	}
	return all
}

// demoDefault ingests the demo chapter as the network "default".
func demoDefault(t *testing.T) string {
	t.Helper()
	db := t.TempDir()
	mustRefnet(t, "ingest", "-q", "--db", db,
		filepath.Join("..", "..", "ingest", "demo", "contacts.csv"), filepath.Join("..", "..", "ingest", "demo", "referrals.csv"))
	return db
}

// TestStoriesEndToEnd runs the three stories of issue 13 through the CLI.
func TestStoriesEndToEnd(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	// 1. Same name, different people: histories stay; the ambiguous row
	// fails with both candidates and leaves the store as it was.
	mustRefnet(t, "ingest", "--db", db, "-q",
		writeFile(t, dir, "c.csv", "id,name,company,email\nc1,Ana Lopez,Lopez Mortgage,\nz1,Zoë Ångström,,zoe@angstrom.example\ng1,Grant Holloway,,\n"),
		writeFile(t, dir, "r.csv", "from,to,date,status\nGrant Holloway,Ana Lopez,2026-01-05,open\n"))
	mustRefnet(t, "ingest", "--db", db, "-q", writeFile(t, dir, "c2.csv", "id,name,company\nc9,Ana Lopez,Lopez Dental\n"))
	src := jsonRecords(t, mustRefnet(t, "sources", "--db", db, "--for", "c1", "--format", "json"))
	if len(src) != 1 || src[0]["label"] != "Grant Holloway" {
		t.Fatalf("c1's sources after a second Ana Lopez: %v", src)
	}
	before := digest(t, db)
	_, errs, code := refnet(t, "ingest", "--db", db, "-q", writeFile(t, dir, "r2.csv", "from,to\nGrant Holloway,Ana Lopez\n"))
	want := `r2.csv:2: to: "Ana Lopez" matches 2 contacts (c1 Lopez Mortgage, c9 Lopez Dental); use the contact id`
	if code != exitError || !strings.Contains(errs, want) {
		t.Fatalf("ambiguous row: exit %d, stderr %q", code, errs)
	}
	if digest(t, db) != before {
		t.Fatal("the failed ingest changed the store")
	}
	// 2. Spellings resolve: no new people.
	out := mustRefnet(t, "ingest", "--db", db, writeFile(t, dir, "r3.csv",
		"from,to\nZoe Angstrom,\"Holloway, Grant\"\nzoe@angstrom.example,c1\n"))
	if !strings.Contains(out, "+2 referrals") || !strings.Contains(out, "+0 contacts") {
		t.Fatalf("spellings created people:\n%s", out)
	}
	// 3. The edited export updates one referral: count unchanged, won +1.
	export := "id,from,to,date,value,status\nR1,g1,c1,2026-02-01,900,open\nR2,c1,g1,2026-02-03,400,open\n"
	mustRefnet(t, "ingest", "--db", db, "-q", "--network", "crm", writeFile(t, dir, "crm.csv", export))
	stats0 := statsJSON(t, db, "--network", "crm", "--weight", "won")
	mustRefnet(t, "ingest", "--db", db, "-q", "--network", "crm", writeFile(t, dir, "crm.csv", strings.Replace(export, "900,open", "900,won", 1)))
	stats1 := statsJSON(t, db, "--network", "crm", "--weight", "won")
	if stats0["referrals"] != 2.0 || stats1["referrals"] != 2.0 || stats1["weight_sum"].(float64) != stats0["weight_sum"].(float64)+1 {
		t.Fatalf("edited export: before %v, after %v", stats0, stats1)
	}
}

// TestLogEditDeleteUndoCLI: each change, then undo restores stats and the
// arc list exactly.
func TestLogEditDeleteUndoCLI(t *testing.T) {
	db := demoDefault(t)
	steps := []struct {
		name string
		args []string
	}{
		{"log", []string{"log", "Lorna Pettigrew", "Wade Kowalczyk", "--value", "1,200", "--status", "open", "--date", "2026-10-01"}},
		{"edit", []string{"referrals", "edit", "1", "--status", "won", "--value", "5000"}},
		{"delete", []string{"referrals", "delete", "2", "--yes"}},
		{"merge", []string{"contacts", "merge", "Lena Okafor", "Dana Whitfield", "--yes"}},
		{"rename", []string{"contacts", "rename", "Lorna Pettigrew", "Lorna P. Pettigrew"}},
		{"log new person", []string{"log", "Lorna Pettigrew", "Quentin New", "--new-people"}},
	}
	for _, st := range steps {
		stats, arcs := statsJSON(t, db), arcList(t, db)
		mustRefnet(t, append(st.args, "--db", db)...)
		if reflect.DeepEqual(statsJSON(t, db), stats) && arcList(t, db) == arcs {
			t.Fatalf("%s changed neither stats nor arcs", st.name)
		}
		undo := mustRefnet(t, "undo", "--db", db)
		if !strings.Contains(undo, "undid change") {
			t.Fatalf("undo %s: %s", st.name, undo)
		}
		if got := statsJSON(t, db); !reflect.DeepEqual(got, stats) {
			t.Fatalf("undo %s: stats %v, want %v", st.name, got, stats)
		}
		if arcList(t, db) != arcs {
			t.Fatalf("undo %s: the arc list differs", st.name)
		}
		mustRefnet(t, append(st.args, "--db", db)...)
	}
	h := jsonRecords(t, mustRefnet(t, "history", "--db", db, "--format", "json"))
	var cmds []string
	for _, r := range h {
		cmds = append(cmds, r["command"].(string))
	}
	if len(cmds) != 7 || cmds[1] != "log 422" || cmds[2] != "edit 1" || cmds[3] != "delete 2" || !strings.HasPrefix(cmds[4], "merge ") {
		t.Fatalf("history %v", cmds)
	}
	// The merged person's referrals moved: Dana Whitfield is an alias now.
	show := jsonObject(t, mustRefnet(t, "contacts", "show", "Dana Whitfield", "--db", db, "--format", "json"))
	// referrals.csv has 3 rows given by Dana Whitfield and 1 by Lena Okafor.
	if show["id"] != "Lena Okafor" || show["given"] != 4.0 {
		t.Fatalf("Dana Whitfield after the merge: %v", show)
	}
}

// TestBadChangesCLI: unknown id, unknown person, ambiguous name, merge into
// itself, a destructive command without --yes off a terminal: a clear
// one-line error, a non-zero exit and the store unchanged.
func TestBadChangesCLI(t *testing.T) {
	db := demoDefault(t)
	dir := t.TempDir()
	mustRefnet(t, "ingest", "--db", db, "-q", writeFile(t, dir, "twins.csv", "id,name,company\nt1,Sam Reed,Reed Law\nt2,Sam Reed,Reed Roofing\n"))
	before := digest(t, db)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"referrals", "edit", "9999", "--status", "won"}, exitError, "no such referral 9999"},
		{[]string{"referrals", "edit", "abc"}, exitUsage, `"abc" is not a referral id`},
		{[]string{"referrals", "delete", "9999", "--yes"}, exitError, "no such referral 9999"},
		{[]string{"referrals", "delete", "1"}, exitUsage, "add --yes to confirm"},
		{[]string{"log", "Lorna Pettigrew", "Lorna Petigrew2"}, exitError, `no contact "Lorna Petigrew2"`},
		{[]string{"log", "Lorna Pettigrew", "Sam Reed"}, exitError, `"Sam Reed" matches 2 contacts (t1 Reed Law, t2 Reed Roofing); use the contact id`},
		{[]string{"log", "Lorna Pettigrew", "Wade Kowalczyk", "--status", "maybe"}, exitUsage, `--status "maybe"`},
		{[]string{"log", "Lorna Pettigrew", "Wade Kowalczyk", "--value", "-5"}, exitUsage, `--value "-5"`},
		{[]string{"log", "Lorna Pettigrew"}, exitUsage, "log: name FROM and TO"},
		{[]string{"contacts", "merge", "Lorna Pettigrew", "lorna pettigrew", "--yes"}, exitError, "both names are the same contact"},
		{[]string{"contacts", "merge", "Lorna Pettigrew", "Wade Kowalczyk"}, exitUsage, "add --yes to confirm"},
		{[]string{"contacts", "rename", "Nobody Here", "X"}, exitError, `no contact "Nobody Here"`},
		{[]string{"networks", "delete", "default"}, exitUsage, "add --yes to confirm"},
		{[]string{"undo", "--network", "nope"}, exitError, `no such network "nope"`},
	} {
		_, errs, code := refnet(t, append(c.args, "--db", db)...)
		if code != c.code || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("refnet %s: exit %d, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, errs, c.code, c.want)
		}
		if digest(t, db) != before {
			t.Fatalf("refnet %s changed the store", strings.Join(c.args, " "))
		}
	}
}

// TestReferralLogRoundTrip: contacts list and referrals list as CSV,
// ingested into an empty store, give the same contacts, referrals and arcs;
// re-ingesting them into the original network changes nothing.
func TestReferralLogRoundTrip(t *testing.T) {
	db := demoDefault(t)
	dir := t.TempDir()
	// Hostile and formula-like text must survive the trip too.
	mustRefnet(t, "log", "--db", db, "Lorna Pettigrew", "Wade Kowalczyk", "--note", "=HYPERLINK(\"x\")", "--prospect", "'=odd", "--value", "12.5")
	mustRefnet(t, "referrals", "edit", "5", "--note", "line one, \"two\"", "--db", db)
	c := writeFile(t, dir, "contacts.csv", mustRefnet(t, "contacts", "list", "--db", db, "--format", "csv"))
	r := writeFile(t, dir, "referrals.csv", mustRefnet(t, "referrals", "list", "--db", db, "--format", "csv"))
	db2 := filepath.Join(dir, "db2")
	mustRefnet(t, "ingest", "--db", db2, "-q", c, r)
	if a, b := arcList(t, db), arcList(t, db2); a != b {
		t.Fatal("arc lists differ after the round trip")
	}
	list := func(db string) string {
		return mustRefnet(t, "referrals", "list", "--db", db, "--format", "json")
	}
	if list(db) != list(db2) {
		t.Fatal("referral logs differ after the round trip")
	}
	if a, b := mustRefnet(t, "contacts", "list", "--db", db, "--format", "json"), mustRefnet(t, "contacts", "list", "--db", db2, "--format", "json"); a != b {
		t.Fatal("contacts differ after the round trip")
	}
	before := digest(t, db)
	out := mustRefnet(t, "ingest", "--db", db, c, r)
	if !strings.Contains(out, "unchanged") || digest(t, db) != before {
		t.Fatalf("re-ingesting the exported log changed the network:\n%s", out)
	}
}

// TestDuplicatesAndTypos: the summary names likely typos, --strict-people
// refuses them, duplicates lists the pair with its reason.
func TestDuplicatesAndTypos(t *testing.T) {
	db := demoDefault(t)
	dir := t.TempDir()
	f := writeFile(t, dir, "typo.csv", "from,to\nLorna Pettigrew,Wade Kowalczik\n")
	before := digest(t, db)
	_, errs, code := refnet(t, "ingest", "--db", db, "--strict-people", f)
	if code != exitError || !strings.Contains(errs, `typo.csv:2: to: "Wade Kowalczik" matches no contact; did you mean "Wade Kowalczyk"`) {
		t.Fatalf("strict: exit %d, %q", code, errs)
	}
	if digest(t, db) != before {
		t.Fatal("refused ingest changed the store")
	}
	out := mustRefnet(t, "ingest", "--db", db, f)
	if !strings.Contains(out, `typo.csv:2: new contact "Wade Kowalczik"; did you mean "Wade Kowalczyk" (m23)?`) {
		t.Fatalf("summary does not flag the typo:\n%s", out)
	}
	dups := jsonRecords(t, mustRefnet(t, "contacts", "duplicates", "--db", db, "--format", "json"))
	found := false
	for _, d := range dups {
		if d["other_id"] == "Wade Kowalczik" && d["name"] == "Wade Kowalczyk" && strings.Contains(d["reason"].(string), "similar name") {
			found = true
		}
	}
	if !found {
		t.Fatalf("duplicates does not list the typo pair: %v", dups)
	}
}

// TestLogAsks: on a terminal without FROM and TO, log asks for them and
// answers an unknown name with "did you mean" until it is one person.
func TestLogAsks(t *testing.T) {
	db := demoDefault(t)
	oldIn, oldTerm := stdin, stdinIsTerminal
	t.Cleanup(func() { stdin, stdinIsTerminal = oldIn, oldTerm })
	stdinIsTerminal = func() bool { return true }
	// People (one misspelt), then the fields no flag gave: status (one
	// wrong answer, asked again), prospect, note left empty.
	stdin = strings.NewReader("Lorna Petigrew\nLorna Pettigrew\n\nwade kowalczyk\nmaybe\nwon\nCarla Diaz\n\n")
	out, errs, code := refnet(t, "log", "--db", db, "--value", "300", "--date", "2026-11-02")
	if code != 0 || out != "logged referral 422: Lorna Pettigrew -> Wade Kowalczyk\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if !strings.Contains(errs, `no contact "Lorna Petigrew" in network "default"; did you mean "Lorna Pettigrew"?`) {
		t.Fatalf("no did-you-mean on the terminal: %q", errs)
	}
	if !strings.Contains(errs, `--status "maybe": want open, met, won or lost`) || strings.Contains(errs, "Value (") || strings.Contains(errs, "Date (") {
		t.Fatalf("field prompts: %q", errs)
	}
	got := jsonRecords(t, mustRefnet(t, "referrals", "list", "--db", db, "--for", "Lorna Pettigrew", "--format", "json"))
	last := got[len(got)-1]
	if last["refnet_id"] != 422.0 || last["status"] != "won" || last["prospect"] != "Carla Diaz" || last["value"] != 300.0 || last["date"] != "2026-11-02" || last["note"] != "" {
		t.Fatalf("logged %v", last)
	}
	// Input that ends before both names are given changes nothing.
	before := digest(t, db)
	stdin = strings.NewReader("Lorna Pettigrew\n")
	if _, errs, code := refnet(t, "log", "--db", db); code == 0 || !strings.Contains(errs, "cancelled") || digest(t, db) != before {
		t.Fatalf("cut-off input: exit %d, %q", code, errs)
	}
}

// TestNoSilentDefaults: an unknown command says so and names the nearest
// one; --depth 0 is refused instead of meaning 2; a file with several
// networks says how they were stored.
func TestNoSilentDefaults(t *testing.T) {
	db := demoDefault(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"add"}, `unknown command "add"; did you mean log?`},
		{[]string{"help", "add"}, `unknown command "add"; did you mean log?`},
		{[]string{"lgo"}, `unknown command "lgo"; did you mean log?`},
		{[]string{"histroy"}, `unknown command "histroy"; did you mean history?`},
		{[]string{"zzzzzzzz"}, `unknown command "zzzzzzzz" (refnet help lists them)`},
		{[]string{"foodchain", "Lorna Pettigrew", "--depth", "0"}, "--depth 0: want 1 or more tiers (default 2)"},
	} {
		_, errs, code := refnet(t, append(c.args, "--db", db)...)
		if code != exitUsage || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("refnet %s: exit %d, %q; want exit 2 and %q", strings.Join(c.args, " "), code, errs, c.want)
		}
	}
	out := mustRefnet(t, "ingest", "--db", t.TempDir(), data("sampson-monastery", "Sampson.paj"))
	if !strings.Contains(out, "its 2 networks are kept as layers of one network (--layer NAME analyses one; --split-layers stores each as its own network)") {
		t.Errorf("no word on the layers:\n%s", out)
	}
}

// TestBackupRestoreCLI: backup, restore into a new directory and check, on
// the demo chapter and (full runs) on soc-Epinions1: stats and arcs are
// identical; restore refuses a directory with files and changes none.
func TestBackupRestoreCLI(t *testing.T) {
	stores := map[string]string{"demo": demoDefault(t)}
	if !testing.Short() {
		db := t.TempDir()
		mustRefnet(t, "ingest", "-q", "--db", db, data("snap-soc-Epinions1", "soc-Epinions1.txt.gz"))
		stores["epinions"] = db
	}
	for name, db := range stores {
		dir := t.TempDir()
		file := filepath.Join(dir, "refnet.bak")
		mustRefnet(t, "backup", "--db", db, file)
		if _, errs, code := refnet(t, "backup", "--db", db, file); code != exitUsage || !strings.Contains(errs, "exists (--force replaces it)") {
			t.Errorf("%s: second backup: exit %d, %q", name, code, errs)
		}
		to := filepath.Join(dir, "restored")
		mustRefnet(t, "restore", "--db", to, file)
		if out := mustRefnet(t, "check", "--db", to, "--format", "csv"); !strings.Contains(out, "default,1,ok,") {
			t.Errorf("%s: check after restore:\n%s", name, out)
		}
		if a, b := statsJSON(t, db), statsJSON(t, to); !reflect.DeepEqual(a, b) {
			t.Errorf("%s: stats %v, restored %v", name, a, b)
		}
		if arcList(t, db) != arcList(t, to) {
			t.Errorf("%s: arc lists differ after restore", name)
		}
		before := digest(t, db)
		if _, errs, code := refnet(t, "restore", "--db", db, file); code != exitUsage || !strings.Contains(errs, "restore needs a new or empty directory") || digest(t, db) != before {
			t.Errorf("%s: restore over a store: exit %d, %q", name, code, errs)
		}
	}
}

// TestIngestDryRun: --dry-run reads and matches everything, says what the
// ingest would change (worked out here: one new referral between known
// people, one new person, one updated outcome) and leaves the store as it
// was, byte for byte.
func TestIngestDryRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "db")
	mustRefnet(t, "ingest", "-q", "--db", db,
		writeFile(t, dir, "c.csv", "id,name\na1,Ana Lopez\nb1,Ben Okafor\n"),
		writeFile(t, dir, "log.csv", "from,to,date,status\nAna Lopez,Ben Okafor,2026-01-05,open\n"))
	before := digest(t, db)
	out := mustRefnet(t, "ingest", "--db", db, "--dry-run", writeFile(t, dir, "log.csv",
		"from,to,date,status\nAna Lopez,Ben Okafor,2026-01-05,won\nBen Okafor,Ana Lopez,2026-01-09,open\nBen Okafor,Ana Lopes,2026-01-10,\n"))
	want := `dry run, nothing was written: network "default" would get +2 referrals, 1 updated (0 already stored), +1 contacts, 0 updated; then 3 contacts, 3 arcs, 3 referrals`
	if !strings.Contains(out, want) || !strings.Contains(out, `did you mean "Ana Lopez" (a1)?`) {
		t.Fatalf("dry run said:\n%s\nwant %s", out, want)
	}
	if digest(t, db) != before {
		t.Fatal("the dry run changed the store")
	}

	// The column mapping of a contacts export with a column of its own
	// ("Chapter" is kept as an attribute) and one with no header.
	out = mustRefnet(t, "ingest", "--db", db, "--dry-run", writeFile(t, dir, "people.csv",
		"First Name,Last Name,E-mail Address,Chapter,\nAna,Lopez,ana@example.com,North,x\n"))
	wantLines(t, "dry run", out,
		"    First Name     -> first name\n",
		"    Last Name      -> last name\n",
		"    E-mail Address -> email\n",
		"    Chapter        -> kept as attribute\n",
		"    (no header)    -> ignored\n")
	if digest(t, db) != before {
		t.Fatal("the second dry run changed the store")
	}

	// --columns reads an odd export: "Cell" is the phone, "Who" the name,
	// "Notes" is dropped; a field no contacts file has is an error naming
	// the flag, the file and the column.
	odd := writeFile(t, dir, "odd.csv", "Who,Cell,Notes\nCai Wong,+1 555 0100,call her\n")
	out = mustRefnet(t, "ingest", "--db", db, "--dry-run", "--columns", "Who=name, Cell=phone,Notes=ignore", odd)
	wantLines(t, "--columns dry run", out, "    Who   -> name\n", "    Cell  -> phone\n", "    Notes -> ignored\n", "+1 contacts")
	_, errs, code := refnet(t, "ingest", "--db", db, "--columns", "Who=name,Cell=fone", odd)
	if code == 0 || !strings.Contains(errs, `odd.csv:1: Cell: --columns Cell=fone: this file has no field "fone"`) {
		t.Errorf("--columns with an unknown field: exit %d, %q", code, errs)
	}
	if digest(t, db) != before {
		t.Fatal("--columns runs changed the store")
	}

	// Who the records are: Ana's export row carries the email of stored
	// contact a1 (no id column: matched by email); Ben's carries id b1.
	mustRefnet(t, "ingest", "-q", "--db", db, writeFile(t, dir, "emails.csv", "id,name,email\na1,Ana Lopez,ana@lopez.example\n"))
	before = digest(t, db)
	out = mustRefnet(t, "ingest", "--db", db, "--dry-run", writeFile(t, dir, "export.csv",
		"name,email\nAna L.,ANA@lopez.example\nDee New,dee@new.example\n"), writeFile(t, dir, "ids.csv", "id,name\nb1,Benjamin Okafor\n"))
	wantLines(t, "dry run", out,
		"  2 contact records are people already known (1 by id, 1 by email):\n",
		"    Ana L. -> a1 (same email, a contact of the network)\n",
		"    Benjamin Okafor -> b1 (same id, a contact of the network)\n",
		"+1 contacts, 2 updated")
	if digest(t, db) != before {
		t.Fatal("the dry run with matches changed the store")
	}
}

// TestMessagesEscapeFileNames: a file name with escape codes in an error
// message is shown as text, not sent to the terminal.
func TestMessagesEscapeFileNames(t *testing.T) {
	dir := t.TempDir()
	f := writeFile(t, dir, "log\x1b[2J.csv", "from,to,value\nAna,Ben,lots\n")
	_, errs, code := refnet(t, "ingest", "--db", filepath.Join(dir, "db"), f)
	if code != exitError || strings.ContainsRune(errs, 0x1b) || !strings.Contains(errs, `log\x1b[2J.csv:2: value:`) {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
}

// wantLines fails for each of wants that out (the output of what) lacks.
func wantLines(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}
