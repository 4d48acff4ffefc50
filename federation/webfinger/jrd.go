package webfinger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Media types and link relations used in WebFinger answers.
const (
	// JRDContentType is the media type of a WebFinger answer.
	JRDContentType = "application/jrd+json"
	// ActivityStreamsType is the media type of an actor document.
	ActivityStreamsType = "application/activity+json"
	// RelSelf links an account to its ActivityPub actor.
	RelSelf = "self"
	// RelProfilePage links an account to its HTML profile.
	RelProfilePage = "http://webfinger.net/rel/profile-page"
	// RelSubscribe is the remote-follow template ("{uri}" is replaced by
	// the account to follow).
	RelSubscribe = "http://ostatus.org/schema/1.0/subscribe"
)

const activityStreamsNS = "https://www.w3.org/ns/activitystreams"

// JRD is a JSON Resource Descriptor, the document WebFinger answers with.
type JRD struct {
	// Subject is the resource described, e.g. "acct:events@coop.example".
	Subject string `json:"subject,omitempty"`
	// Aliases are other IRIs for the same resource: the actor's id and
	// its profile page.
	Aliases []string `json:"aliases,omitempty"`
	// Links point at representations of the resource.
	Links []Link `json:"links"`
}

// Link is one link of a JRD: a relation and either an href or, for
// templates such as the remote-follow one, a template.
type Link struct {
	Rel      string `json:"rel"`
	Type     string `json:"type,omitempty"`
	Href     string `json:"href,omitempty"`
	Template string `json:"template,omitempty"`
}

// ActorJRD builds the WebFinger answer for one of our actors: aliases for
// its id and profile page, and the links Mastodon looks for: self (the
// actor, as ActivityStreams), profile-page (HTML) and the remote-follow
// template. profileURL and subscribeTemplate are left out when empty.
func ActorJRD(subject, actorID, profileURL, subscribeTemplate string) JRD {
	jrd := JRD{Subject: subject, Aliases: []string{actorID}}
	if profileURL != "" && profileURL != actorID {
		jrd.Aliases = append(jrd.Aliases, profileURL)
	}
	jrd.Links = append(jrd.Links, Link{Rel: RelSelf, Type: ActivityStreamsType, Href: actorID})
	if profileURL != "" {
		jrd.Links = append(jrd.Links, Link{Rel: RelProfilePage, Type: "text/html", Href: profileURL})
	}
	if subscribeTemplate != "" {
		jrd.Links = append(jrd.Links, Link{Rel: RelSubscribe, Template: subscribeTemplate})
	}
	return jrd
}

// WriteJRD answers 200 with jrd as application/jrd+json, readable from any
// origin (Access-Control-Allow-Origin: *) as RFC 7033 asks. A nil Links is
// written as an empty list.
func WriteJRD(w http.ResponseWriter, jrd JRD) error {
	if jrd.Links == nil {
		jrd.Links = []Link{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jrd); err != nil {
		return fmt.Errorf("encode JRD for %s: %w", jrd.Subject, err)
	}
	w.Header().Set("Content-Type", JRDContentType)
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write JRD for %s: %w", jrd.Subject, err)
	}
	return nil
}

// ParseJRD reads a WebFinger answer fetched from another server.
func ParseJRD(raw []byte) (JRD, error) {
	var jrd JRD
	if err := json.Unmarshal(raw, &jrd); err != nil {
		return JRD{}, fmt.Errorf("parse JRD: %w", err)
	}
	return jrd, nil
}

// ActorURL returns the href of the first "self" link whose type is an
// ActivityStreams one (application/activity+json, or application/ld+json
// with the ActivityStreams profile) and whose href is an absolute http(s)
// URL: the account's actor.
func (j JRD) ActorURL() (string, bool) {
	for _, l := range j.Links {
		if l.Rel != RelSelf || !isActivityStreamsType(l.Type) {
			continue
		}
		if u, err := url.Parse(l.Href); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
			return l.Href, true
		}
	}
	return "", false
}

// isActivityStreamsType is a small media-type check; the federation
// package has the full one, but this package imports only the standard
// library.
func isActivityStreamsType(mediaType string) bool {
	parts := strings.Split(mediaType, ";")
	switch strings.ToLower(strings.TrimSpace(parts[0])) {
	case ActivityStreamsType:
		return true
	case "application/ld+json":
		for _, p := range parts[1:] {
			name, value, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.TrimSpace(name), "profile") {
				return strings.Contains(value, activityStreamsNS)
			}
		}
	}
	return false
}
