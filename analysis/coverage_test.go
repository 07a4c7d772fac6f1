package analysis

import (
	"fmt"
	"testing"
	"time"

	"github.com/refnet/refnet/model"
	"github.com/refnet/refnet/view"
)

func coverageString(cv *Coverage) string {
	s := ""
	for _, kc := range cv.ByKind {
		if kc.Count != len(kc.Partners) {
			s += "(bad count)"
		}
		if kc.Count > 0 {
			s += fmt.Sprintf("%s%v ", kc.Kind, kc.Partners)
		}
	}
	return s + fmt.Sprintf("missing %v", cv.Missing)
}

func TestPartnerCoverageByHand(t *testing.T) {
	net := handmade(t)
	// The latest referral of the network is Ben→Ana on 2025-06-30, so with
	// the default 12 months a partner is active with a referral on or after
	// 2024-06-30. Ana's partners: Ben (last 2025-06-30), Cai (2025-04-12),
	// Gus (2025-06-01) are active; Hal (only 2023-03-15) is not. Ben is a
	// vendor, Cai an association, Gus a client: past-client, competitor,
	// colleague and friend are missing.
	cv, err := PartnerCoverage(net, ana, 0)
	if err != nil {
		t.Fatal(err)
	}
	if cv.Since != unixDay(t, "2024-06-30") || cv.Active != 3 {
		t.Errorf("since %d active %d, want 2024-06-30 and 3", cv.Since, cv.Active)
	}
	if got, want := coverageString(cv), "client[6] association[2] vendor[1] missing [past-client competitor colleague friend]"; got != want {
		t.Errorf("Ana: %s, want %s", got, want)
	}
	if len(cv.ByKind) != 9 || cv.ByKind[7].Kind != model.KindOther || cv.ByKind[8].Kind != KindUnknown {
		t.Errorf("kinds %+v", cv.ByKind)
	}
	// 36 months back (2022-06-30) Hal counts too: only competitor,
	// colleague and friend are missing.
	cv, _ = PartnerCoverage(net, ana, 36)
	if got, want := coverageString(cv), "client[6] past-client[7] association[2] vendor[1] missing [competitor colleague friend]"; got != want {
		t.Errorf("Ana, 36 months: %s, want %s", got, want)
	}
	// Gus: Ana (client), Ben (vendor) and Ivy (kind not recorded) are
	// active; Hal→Gus (2023-06-06) is too old.
	cv, _ = PartnerCoverage(net, gus, 12)
	if got, want := coverageString(cv), "client[0] vendor[1] unknown[8] missing [past-client association competitor colleague friend]"; got != want {
		t.Errorf("Gus: %s, want %s", got, want)
	}
	// Dee: Ben (vendor), Cai (association), Eve (friend), Jon (other).
	cv, _ = PartnerCoverage(net, dee, 12)
	if got, want := coverageString(cv), "association[2] vendor[1] friend[4] other[9] missing [client past-client competitor colleague]"; got != want {
		t.Errorf("Dee: %s, want %s", got, want)
	}
	// Kim has no partners: every kind is missing.
	cv, _ = PartnerCoverage(net, kim, 12)
	if cv.Active != 0 || len(cv.Missing) != len(model.PartnerKinds) {
		t.Errorf("Kim: %s", coverageString(cv))
	}

	// Without dates every partner is active, Hal included.
	refs := append([]model.Referral(nil), net.Referrals...)
	for i := range refs {
		refs[i].Date = time.Time{}
	}
	undated := view.MustFromReferrals("undated", net.Contacts, refs)
	cv, _ = PartnerCoverage(undated, ana, 12)
	if cv.Since != 0 || cv.Active != 4 {
		t.Errorf("undated: since %d active %d, want 0 and 4", cv.Since, cv.Active)
	}
}
