package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Accept headers.
const (
	// AcceptActivity is the Accept header Fetch sends.
	AcceptActivity = `application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"`
	// AcceptJRD is the Accept header for WebFinger, GetJSON's default.
	AcceptJRD = "application/jrd+json, application/json"
)

// Fetch GETs an ActivityPub document from rawURL, signed with signer if it
// is not nil, and returns its body.
//
// Redirects are followed (at most MaxRedirects, each checked like the first
// URL and signed afresh). The final response must be 2xx (else a
// [*StatusError]), have Content-Type application/activity+json,
// application/ld+json or application/json, whatever the parameters (else
// [ErrContentType]), and a body of at most MaxBody bytes (else
// [ErrTooLarge]) that is a JSON object whose top-level "id" has the same
// scheme, host and port as the final URL (else [ErrOriginMismatch]).
func (c *Client) Fetch(ctx context.Context, rawURL string, signer *Signer) ([]byte, error) {
	body, final, err := c.getDocument(ctx, rawURL, AcceptActivity, signer, true)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	if err := checkID(body, final); err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	return body, nil
}

// GetJSON GETs a JSON document (a WebFinger or NodeInfo answer) from rawURL
// with the given Accept header (AcceptJRD when empty), signed with signer if
// it is not nil. It follows redirects, requires a 2xx status and a body of at
// most MaxBody bytes that is valid JSON, and checks neither the Content-Type
// nor any id.
func (c *Client) GetJSON(ctx context.Context, rawURL, accept string, signer *Signer) ([]byte, error) {
	if accept == "" {
		accept = AcceptJRD
	}
	body, _, err := c.getDocument(ctx, rawURL, accept, signer, false)
	if err != nil {
		return nil, fmt.Errorf("get %s: %w", rawURL, err)
	}
	if !json.Valid(body) {
		return nil, fmt.Errorf("get %s: body is not JSON", rawURL)
	}
	return body, nil
}

// getDocument does a GET and returns the body and the final URL.
func (c *Client) getDocument(ctx context.Context, rawURL, accept string, signer *Signer, activity bool) ([]byte, *url.URL, error) {
	if signer != nil {
		ctx = context.WithValue(ctx, signerKey{}, signer)
	}
	req, err := c.newRequest(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Accept", accept)
	if signer != nil {
		if err := c.sign(req, signer, nil); err != nil {
			return nil, nil, err
		}
	}
	resp, err := c.get.Do(req)
	if err != nil {
		return nil, nil, unwrapURLError(err)
	}
	defer closeBody(resp)
	if !is2xx(resp.StatusCode) {
		return nil, nil, c.statusError(resp)
	}
	if activity {
		if err := checkContentType(resp.Header.Get("Content-Type")); err != nil {
			return nil, nil, err
		}
	}
	body, err := c.readBody(resp)
	if err != nil {
		return nil, nil, err
	}
	return body, resp.Request.URL, nil
}

// checkContentType accepts the ActivityStreams media types and plain JSON,
// ignoring parameters and case.
func checkContentType(ct string) error {
	mt, _, _ := strings.Cut(ct, ";")
	switch strings.ToLower(strings.TrimSpace(mt)) {
	case "application/activity+json", "application/ld+json", "application/json":
		return nil
	}
	return fmt.Errorf("%w: %q", ErrContentType, ct)
}

// checkID requires the document's top-level id to be on final's origin.
func checkID(body []byte, final *url.URL) error {
	var doc struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Errorf("decode document: %w", err)
	}
	if doc.ID == "" {
		return fmt.Errorf("%w: document has no id", ErrOriginMismatch)
	}
	id, err := url.Parse(doc.ID)
	if err != nil {
		return fmt.Errorf("%w: id is not a URL: %w", ErrOriginMismatch, err)
	}
	if !sameOrigin(id, final) {
		return fmt.Errorf("%w: id %q, fetched from %s", ErrOriginMismatch, doc.ID, final.Redacted())
	}
	return nil
}

// sameOrigin compares scheme, host and port, with default ports filled in.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}
