package ui

import (
	"net/url"
	"strconv"
)

// Prefix is where the admin is mounted.
const Prefix = "/admin"

// The paths that pages of one package link to in another's; each
// package keeps the rest of its own paths.
const (
	GatheringsPath    = Prefix + "/gatherings"
	NewGatheringPath  = GatheringsPath + "/new"
	ReportAccountPath = Prefix + "/report-account"
)

// GatheringPath is the editor of gathering id.
func GatheringPath(id int64) string { return GatheringsPath + "/" + strconv.FormatInt(id, 10) }

// SignupsPath is the sign-ups page of gathering id.
func SignupsPath(id int64) string { return GatheringPath(id) + "/signups" }

// SessionPath is the form of session id.
func SessionPath(id int64) string { return Prefix + "/sessions/" + strconv.FormatInt(id, 10) }

// ReportAccountURL is the form to report account for coop, about posts.
func ReportAccountURL(coop, account string, posts ...string) string {
	return ReportAccountPath + "?" + url.Values{"coop": {coop}, "account": {account}, "status": posts}.Encode()
}
