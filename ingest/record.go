package ingest

import "github.com/refnet/refnet/model"

// Readers produce the domain model's records (package model); these aliases
// keep reader code and its callers short.
type (
	Contact  = model.Contact
	Referral = model.Referral
	Origin   = model.Origin
	Activity = model.Activity
)
