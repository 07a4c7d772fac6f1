package chapter

import (
	"slices"
	"strings"
)

// The stories a coach should find in the demo chapter. Package demo's doc
// comment describes them in users' words; keep the two in step.
const (
	// Power team: realtor, mortgage broker, attorney, insurance agent and home
	// inspector refer to each other all year and convert well.
	powerTeamIDs = "m01 m02 m03 m04 m05"
	// Strong, quiet source: the banker sends few referrals, nearly all won
	// and large.
	quietSource = "m08"
	// Noisy source: the social-media marketer sends the most referrals, cold
	// names that rarely convert.
	noisySource = "m31"
	// Dependent member: the painter gets almost all her referrals from the
	// general contractor and never sends him any.
	dependent, provider = "m24", "m23"
	// New member, joined in September 2026.
	newMember = "m40"
)

// oneWay lists pairs where the first sends the second several referrals and
// never gets one back.
var oneWay = [][2]string{{"m14", "m30"}, {"m33", "m19"}, {"m12", "m13"}, {"m33", "m11"}, {provider, dependent}}

// cooling is a mutual relationship that stops in the last quarter;
// turnedOneWay one where the second stopped sending back in July.
var (
	cooling      = [2]string{"m06", "m07"}
	turnedOneWay = [2]string{"m16", "m25"}
)

// Dates of the stories.
var (
	lastQuarter = day(2026, 8, 1)
	july        = day(2026, 7, 1)
	joined      = day(2026, 9, 3) // the new member's first meeting
)

const backgroundCount = 180

var (
	coldNotes = []string{
		"cold name from a networking mixer",
		"met at a trade show, no phone number",
		"saw their post on LinkedIn",
		"might need you someday",
		"",
	}
	warmNotes = []string{
		"warm intro, expecting your call",
		"long-time bank client, expanding",
		"I vouched for you, they're ready to sign",
		"board member's company, treat well",
	}
)

// stories returns the scripted flows, in a fixed order.
func (g *generator) stories() []flow {
	var fs []flow
	whole := func(from, to string, n int, q float64) flow {
		return flow{from: from, to: to, n: n, start: Start, end: End, q: q}
	}

	// Power team: every ordered pair, the realtor-mortgage axis heaviest.
	team := strings.Fields(powerTeamIDs)
	for _, a := range team {
		for _, b := range team {
			if a == b {
				continue
			}
			n := 3 + g.rng.IntN(4)
			if (a == "m01" && b == "m02") || (a == "m02" && b == "m01") {
				n = 9
			}
			fs = append(fs, whole(a, b, n, 0.6))
		}
	}

	// The banker: nine warm, large referrals.
	for _, t := range []struct {
		to string
		n  int
	}{{"m06", 2}, {"m07", 2}, {"m37", 2}, {"m09", 1}, {"m20", 1}, {"m13", 1}} {
		f := whole(quietSource, t.to, t.n, 0.95)
		f.start, f.end = Start, End.AddDate(0, 0, -75) // all had time to close
		f.vlo, f.vhi, f.notes = 0.6, 1, warmNotes
		fs = append(fs, f)
	}

	// The marketer: 45 cold names spread over the chapter.
	for range 45 {
		to := members[g.rng.IntN(len(members))].ID
		for to == noisySource || to == newMember || to == dependent {
			to = members[g.rng.IntN(len(members))].ID
		}
		f := whole(noisySource, to, 1, 0.08)
		f.vlo, f.vhi, f.notes = 0, 0.35, coldNotes
		fs = append(fs, f)
	}

	// One-way pairs.
	for _, p := range oneWay {
		n := map[string]int{"m30": 6, "m19": 7, "m13": 5, "m11": 4, dependent: 16}[p[1]]
		fs = append(fs, whole(p[0], p[1], n, 0.45))
	}
	// The painter's two other sources.
	fs = append(fs, whole("m21", dependent, 2, 0.45), whole("m02", dependent, 1, 0.45))

	// Cooling: monthly both ways until July, then silence.
	for _, p := range [][2]string{cooling, {cooling[1], cooling[0]}} {
		f := whole(p[0], p[1], 7, 0.5)
		f.end = lastQuarter.AddDate(0, 0, -1)
		fs = append(fs, f)
	}

	// Turned one-way: the electrician keeps sending, HVAC stopped in July.
	a, b := turnedOneWay[0], turnedOneWay[1]
	fs = append(fs,
		flow{from: a, to: b, n: 7, start: Start, end: july.AddDate(0, 0, -1), q: 0.45},
		flow{from: a, to: b, n: 5, start: july, end: End, q: 0.45},
		flow{from: b, to: a, n: 6, start: Start, end: july.AddDate(0, 0, -1), q: 0.45},
	)

	// Self-referrals: the realtor's own client buying again, the caterer's
	// own repeat customer.
	self := []string{"own client: buying a second home"}
	fs = append(fs,
		flow{from: "m02", to: "m02", n: 2, start: Start, end: End, q: 0.7, notes: self},
		flow{from: "m19", to: "m19", n: 1, start: Start, end: End, q: 0.7, notes: []string{"repeat customer, logged for credit"}},
	)

	// New member: little activity since joining.
	for _, p := range [][2]string{{"m13", newMember}, {"m20", newMember}, {newMember, noisySource}} {
		fs = append(fs, flow{from: p[0], to: p[1], n: 1, start: joined, end: End, q: 0.4})
	}

	// People outside the chapter who send or receive referrals.
	fs = append(fs,
		flow{from: "Dana Whitfield", to: "m01", n: 3, start: Start, end: End, q: 0.6, notes: []string{"past client, sends her friends"}},
		flow{from: "Harbor View HOA", to: "m22", n: 2, start: Start, end: End, q: 0.5, notes: []string{"HOA common-area contract"}},
		flow{from: "Lena Okafor", to: "m14", n: 1, start: Start, end: End, q: 0.5, notes: []string{"patient's sister"}},
		flow{from: "m03", to: "Priya Raman", n: 2, start: Start, end: End, q: 0.6, notes: []string{"title work for closing"}},
		flow{from: "m17", to: "Keller Gutter Co.", n: 2, start: Start, end: End, q: 0.6, notes: []string{"gutters after re-roof"}},
	)
	return fs
}

// background adds n referrals between members outside the stories, mostly
// within a circle of related trades, without touching the story pairs.
func (g *generator) background(n int) {
	weight := make([]float64, len(members))
	total := 0.0
	for i := range members {
		weight[i] = 0.3 + 1.7*g.rng.Float64()
		if !canSend(members[i].ID) {
			weight[i] = 0
		}
		total += weight[i]
	}
	for made := 0; made < n; {
		u := g.rng.Float64() * total
		i := 0
		for ; i < len(members)-1 && u >= weight[i]; i++ {
			u -= weight[i]
		}
		from := &members[i]
		to := &members[g.rng.IntN(len(members))]
		if g.rng.Float64() < 0.65 {
			var same []*member
			for j := range members {
				if members[j].Group == from.Group {
					same = append(same, &members[j])
				}
			}
			to = same[g.rng.IntN(len(same))]
		}
		if !allowed(from.ID, to.ID) {
			continue
		}
		g.emit(flow{from: from.ID, to: to.ID, n: 1, start: Start, end: End, q: 0.42})
		made++
	}
}

func canSend(id string) bool {
	return id != quietSource && id != noisySource && id != newMember
}

// allowed reports whether background traffic may go from a to b.
func allowed(a, b string) bool {
	if a == b || !canSend(a) || b == dependent || b == newMember {
		return false
	}
	team := strings.Fields(powerTeamIDs)
	if slices.Contains(team, a) && slices.Contains(team, b) {
		return false
	}
	pairs := append([][2]string{cooling, turnedOneWay}, oneWay...)
	for _, p := range pairs {
		if (p[0] == a && p[1] == b) || (p[0] == b && p[1] == a) {
			return false
		}
	}
	return true
}
