package fed

import (
	"context"
	"fmt"
)

// FetchSigned GETs the ActivityPub document at uri, signed by the
// instance actor (servers in authorized-fetch mode answer nothing
// unsigned). The client checks that the document's id is on the origin
// that answered; a blocked domain is not asked.
func (s *Service) FetchSigned(ctx context.Context, uri string) ([]byte, error) {
	if err := s.CheckNotBlocked(ctx, uri); err != nil {
		return nil, err
	}
	signer, err := s.instanceSigner(ctx)
	if err != nil {
		return nil, err
	}
	body, err := s.client.Fetch(ctx, uri, signer)
	if err != nil {
		return nil, fmt.Errorf("signed fetch: %w", err)
	}
	return body, nil
}
