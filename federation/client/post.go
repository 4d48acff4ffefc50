package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
)

// ContentTypeActivity is the Content-Type of the activities Post sends.
const ContentTypeActivity = "application/activity+json"

// errNoSigner is returned by Post without a signer.
var errNoSigner = errors.New("no signer: inbox deliveries must be signed")

// Post delivers body, an activity, to inbox in a POST signed by signer, which
// is required. Each call signs afresh with the current time, so a retry gets
// a new Date.
//
// Any 2xx status (200, 202, 204, ...) is success and returns nil. Anything
// else, including a redirect, which Post does not follow, is a
// [*StatusError]: use its Retryable and Gone methods, and RetryAfter, to
// decide what to do next.
func (c *Client) Post(ctx context.Context, inbox string, body []byte, signer *Signer) error {
	if signer == nil {
		return fmt.Errorf("post to %s: %w", inbox, errNoSigner)
	}
	req, err := c.newRequest(ctx, http.MethodPost, inbox, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("post to %s: %w", inbox, err)
	}
	req.Header.Set("Content-Type", ContentTypeActivity)
	req.Header.Set("Accept", AcceptActivity)
	if err := c.sign(req, signer, body); err != nil {
		return fmt.Errorf("post to %s: %w", inbox, err)
	}
	resp, err := c.post.Do(req)
	if err != nil {
		return fmt.Errorf("post to %s: %w", inbox, unwrapURLError(err))
	}
	defer closeBody(resp)
	if !is2xx(resp.StatusCode) {
		return fmt.Errorf("post to %s: %w", inbox, c.statusError(resp))
	}
	return nil
}
