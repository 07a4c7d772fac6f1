package ingest_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/refnet/refnet/ingest"
)

// firstThree is a Sink that prints the first three referrals it is given
// and counts the rest.
type firstThree struct{ n int }

func (s *firstThree) AddContact(ingest.Contact) error { return nil }

func (s *firstThree) AddReferral(r ingest.Referral) error {
	if s.n++; s.n <= 3 {
		fmt.Printf("%s -> %s, rating %g, from %s\n", r.From, r.To, r.Rating, r.Origin)
	}
	return nil
}

// Example reads Coleman's high-school friendship network, a KONECT file
// whose format is detected from its name.
func Example() {
	path := "../testdata/data/konect-moreno_highschool/out.moreno_highschool_highschool"
	sum, err := ingest.ReadFile(path, ingest.Options{}, &firstThree{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d referrals\n", sum.Format, sum.Referrals)
	// Output:
	// 1 -> 2, rating 1, from ../testdata/data/konect-moreno_highschool/out.moreno_highschool_highschool:3
	// 1 -> 3, rating 2, from ../testdata/data/konect-moreno_highschool/out.moreno_highschool_highschool:4
	// 1 -> 4, rating 2, from ../testdata/data/konect-moreno_highschool/out.moreno_highschool_highschool:5
	// konect: 366 referrals
}

// ExampleRead shows a referral log read from memory, with invalid rows
// skipped and reported.
func ExampleRead() {
	csv := "Referred By,Referred To,Date,Amount,Status\n" +
		"Ana,Bob,2024-03-05,\"$1,200.50\",Closed Won\n" +
		"Bob,Cy,03/05/2024,300,open\n"
	var s firstThree
	sum, err := ingest.Read(strings.NewReader(csv), "log.csv", ingest.Options{SkipInvalid: true}, &s)
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range sum.Skipped {
		fmt.Println("skipped:", e)
	}
	// Output:
	// Ana -> Bob, rating 0, from log.csv:2
	// skipped: log.csv:3: Date: "03/05/2024" is ambiguous (2024-03-05 or 2024-05-03?); write dates as ISO 8601, YYYY-MM-DD, or pass --date-order mdy or dmy
}
