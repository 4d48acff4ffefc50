package store

import (
	"context"

	"github.com/gather-coop/gather/internal/model"
)

// ReportQueries keep the abuse reports other servers send.
type ReportQueries interface {
	// ReportInsert stores a report and returns its id; ErrConflict when
	// one with its URI is stored already.
	ReportInsert(ctx context.Context, r *model.Report) (int64, error)
	// ReportList returns the latest limit reports, newest first, each with
	// its account's handle.
	ReportList(ctx context.Context, limit int) ([]model.Report, error)
}
