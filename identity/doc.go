// Package identity decides which contact of a network a free-text reference
// names: a contact id, an email, a phone number or a name written in any of
// several ways ("Zoë Ångström", "Zoe Angstrom", "zoe@angstrom.example",
// "Holloway, Grant").
//
// # The rule
//
// A reference resolves against a network's contacts by trying, in order:
//
//  1. RuleID: the contact id, byte-equal, or one of a contact's Aliases (the
//     ids of contacts merged into it);
//  2. RuleEmail: when the reference contains '@', the email, trimmed and
//     compared case-insensitively;
//  3. RulePhone: when the reference is a phone number (see PhoneDigits), the
//     phone, compared by SamePhone;
//  4. RuleName: the name as stored, byte-equal after trimming white space;
//  5. RuleFolded: the folded name (see Fold).
//
// A contact's name here is its Label: its Name, or its id when it has no
// name (people a referral named who were in no contacts file have the text
// the referral used as their id).
//
// The reference is trimmed of surrounding white space first. At each step,
// one matching contact is the answer; several are an *AmbiguousError listing
// every candidate (never a guess); none passes to the next step. An earlier
// rule wins: a name that is exactly one contact's stored name resolves to it
// even when other contacts have the same folded name. After the last step
// the reference matches nothing (ErrNotFound).
//
// Similar finds names that are close to a reference that matched nothing
// (for "did you mean"), and Duplicates lists pairs of contacts that are
// likely the same person. Neither ever merges anything.
//
// docs/identity.md describes the rule with examples.
package identity
