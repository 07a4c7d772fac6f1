// Command gen writes a seeded, platform-shaped referral network for
// benchmarks:
//
//	go run ./bench/gen -people 1000 -referrals 10000 -seed 1 -out DIR
//
// writes DIR/contacts.csv (id,name,company,email) and DIR/referrals.csv
// (from,to,date,value,status,prospect,note). The same flags give the same
// bytes.
//
// The shape: people p000001, p000002, ... sit in chapters of 20 to 60
// consecutive ids; each person has a heavy-tailed Pareto weight for giving
// and another for receiving (capped at 100, about 33 times the mean). A
// referral's giver is drawn by giving weight, its receiver by receiving
// weight from the giver's chapter (80% of draws) or from the whole network
// (20%, so slightly over 80% stay inside the chapter). Dates run in log order
// over three years (2023-01-01 to 2025-12-31); about 60% of rows have a
// value and 30% a note; every row has a status (open, met, won, lost) and a
// prospect. Rows are streamed: a million of them need only the per-person
// weights in memory.
package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// config is what the flags choose.
type config struct {
	People, Referrals int
	Seed              uint64
}

const (
	minChapter, maxChapter = 20, 60
	inChapter              = 0.8 // share of referrals given inside the giver's chapter
	paretoAlpha            = 1.5 // tail of the activity weights: smaller is heavier
	maxWeight              = 100 // cap on a weight (the mean is 3), so no one person dominates a small network
	valueShare, noteShare  = 0.6, 0.3
)

var (
	firstNames = []string{"Ana", "Ben", "Carla", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal",
		"Kira", "Liam", "Maya", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tara",
		"Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Marco", "Leila", "Tomas", "Aisha"}
	lastNames = []string{"Lopez", "Okafor", "Diaz", "Raghunathan", "Petrov", "Haddad", "Kim", "Tanaka",
		"Moreau", "Johnson", "Novak", "Murphy", "Silva", "Nguyen", "Schmidt", "Kowalski",
		"Rossi", "Andersen", "Cohen", "Mbeki", "Garcia", "Walsh", "Chen", "Osei", "Fischer"}
	companyWords = []string{"Harbor", "Keystone", "Maple", "Summit", "Cedar", "Bluewater", "Ironwood",
		"Lakeside", "Northgate", "Pinecrest", "Redstone", "Silverline", "Oakridge", "Brightpath"}
	companyKinds = []string{"Realty", "Lending", "Law PLLC", "Insurance", "Accounting", "Dental",
		"Roofing", "Plumbing", "Wealth Partners", "Chiropractic", "Marketing", "IT Services",
		"Home Inspections", "Landscaping", "Title & Escrow", "Printing"}
	statuses = []string{"open", "met", "won", "lost"}
	// statusWeights are cumulative: 30% open, 20% met, 30% won, 20% lost.
	statusWeights = []float64{0.3, 0.5, 0.8, 1}
	notes         = []string{"needs a quote by Friday", "past client, sends her friends", "met at the breakfast",
		"prefers e-mail, not phone", "follow up next month", "warm intro over coffee", "second property",
		"referred by a neighbour", "budget not confirmed", "urgent: roof leak", "wants a call after 5pm",
		"small job, could grow", "relocating in spring"}
)

func main() {
	var cfg config
	var out string
	flag.IntVar(&cfg.People, "people", 1000, "number of contacts")
	flag.IntVar(&cfg.Referrals, "referrals", 10000, "number of referrals")
	flag.Uint64Var(&cfg.Seed, "seed", 1, "random seed; the same flags give the same bytes")
	flag.StringVar(&out, "out", "", "output directory (created if missing)")
	flag.Parse()
	if err := run(cfg, out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(cfg config, out string) error {
	if out == "" {
		return errors.New("-out DIR is required")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	cf, err := os.Create(filepath.Join(out, "contacts.csv"))
	if err != nil {
		return err
	}
	defer cf.Close()
	rf, err := os.Create(filepath.Join(out, "referrals.csv"))
	if err != nil {
		return err
	}
	defer rf.Close()
	if err := generate(cfg, cf, rf); err != nil {
		return err
	}
	if err := cf.Close(); err != nil {
		return err
	}
	return rf.Close()
}

// generate writes the contacts and the referrals of cfg.
func generate(cfg config, contacts, referrals io.Writer) error {
	if cfg.People < 2 || cfg.Referrals < 0 {
		return errors.New("need -people >= 2 and -referrals >= 0")
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15))
	n := cfg.People

	// Chapters are runs of consecutive people; a remainder under
	// minChapter joins the last chapter.
	chapterOf := make([]int32, n)
	var starts []int // starts[c] is the first person of chapter c; one extra entry n
	for lo := 0; lo < n; {
		size := minChapter + rng.IntN(maxChapter-minChapter+1)
		if n-lo-size < minChapter {
			size = n - lo
		}
		for i := lo; i < lo+size; i++ {
			chapterOf[i] = int32(len(starts))
		}
		starts = append(starts, lo)
		lo += size
	}
	starts = append(starts, n)

	// Cumulative Pareto weights for giving and receiving.
	give, recv := make([]float64, n), make([]float64, n)
	var gs, rs float64
	for i := range n {
		gs += pareto(rng)
		rs += pareto(rng)
		give[i], recv[i] = gs, rs
	}

	cw := bufio.NewWriterSize(contacts, 1<<20)
	c := csv.NewWriter(cw)
	if err := c.Write([]string{"id", "name", "company", "email"}); err != nil {
		return err
	}
	for i := range n {
		num := i + 1
		first, last := firstNames[rng.IntN(len(firstNames))], lastNames[rng.IntN(len(lastNames))]
		word, kind := companyWords[rng.IntN(len(companyWords))], companyKinds[rng.IntN(len(companyKinds))]
		domain := strings.ToLower(word+strings.Fields(kind)[0]) + ".example"
		email := fmt.Sprintf("%s.%s.%d@%s", strings.ToLower(first), strings.ToLower(last), num, domain)
		if err := c.Write([]string{id(num), fmt.Sprintf("%s %s %d", first, last, num), word + " " + kind, email}); err != nil {
			return err
		}
	}
	c.Flush()
	if err := c.Error(); err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}

	rw := bufio.NewWriterSize(referrals, 1<<20)
	w := csv.NewWriter(rw)
	if err := w.Write([]string{"from", "to", "date", "value", "status", "prospect", "note"}); err != nil {
		return err
	}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	days := int(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start).Hours() / 24)
	row := make([]string, 7)
	for k := range cfg.Referrals {
		from := pick(rng, give, 0, n)
		ch := chapterOf[from]
		var to int
		for {
			if rng.Float64() < inChapter {
				to = pick(rng, recv, starts[ch], starts[ch+1])
			} else {
				to = pick(rng, recv, 0, n)
			}
			if to != from {
				break
			}
		}
		row[0], row[1] = id(from+1), id(to+1)
		row[2] = start.AddDate(0, 0, k*days/cfg.Referrals).Format("2006-01-02")
		row[3] = ""
		if rng.Float64() < valueShare {
			// Log-normal around $1,100, rounded to $50.
			v := math.Exp(7 + rng.NormFloat64())
			row[3] = strconv.Itoa(max(50, int(math.Round(v/50))*50))
		}
		row[4] = statuses[sort.SearchFloat64s(statusWeights, rng.Float64())]
		row[5] = firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
		row[6] = ""
		if rng.Float64() < noteShare {
			row[6] = notes[rng.IntN(len(notes))]
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return rw.Flush()
}

// id is the contact id of person number num (1-based).
func id(num int) string { return fmt.Sprintf("p%06d", num) }

// pareto draws a Pareto(1, paretoAlpha) weight, capped at maxWeight.
func pareto(rng *rand.Rand) float64 {
	return min(maxWeight, math.Pow(1-rng.Float64(), -1/paretoAlpha))
}

// pick draws a person in [lo, hi) with probability proportional to its
// weight, given the cumulative weights cum of everyone.
func pick(rng *rand.Rand, cum []float64, lo, hi int) int {
	base := 0.0
	if lo > 0 {
		base = cum[lo-1]
	}
	u := base + rng.Float64()*(cum[hi-1]-base)
	i := lo + sort.SearchFloat64s(cum[lo:hi], u)
	return min(i, hi-1)
}
