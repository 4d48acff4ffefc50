package abuse

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gather-coop/gather/federation"
	"github.com/gather-coop/gather/internal/app/account"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
)

// Our own reports, and what admins do with reports.
//
// An organiser reports a remote account for one of their co-op accounts
// (ReportAccount). The report is kept with the others, for our admins;
// "forwarded", it also goes to the account's server as a Flag from the
// co-op account's actor, shaped as Mastodon sends one (the account first,
// then any of its posts, the comment as content; no addressees), to the
// account's shared inbox, or its own. That is the choice Mastodon gives a
// reporter ("forward to the remote server"), and as there, an admin who
// resolves a report that was not forwarded may forward it then
// (ResolveReport).
//
// Reports other servers sent us name one of our own co-op accounts: there
// is no one else's server to forward them to, so they are only resolved.
// (A report of a remote person's reply on our gathering goes to that
// person's server, not to us; an organiser who sees such a reply hides it
// and may report its author themselves.)

// Bounds of what an organiser's report may hold; Mastodon allows 1,000
// characters of comment.
const (
	MaxReportComment  = 1000
	MaxReportStatuses = 20
)

// ReportInput is an organiser's report of a remote account.
type ReportInput struct {
	// Coop is the handle of the co-op account reporting.
	Coop string
	// Account is the reported account: a handle or its address.
	Account string
	// Statuses are the ids of posts of theirs the report is about, if any.
	Statuses []string
	Comment  string
	// Forward sends the report to the account's server as a Flag.
	Forward bool
}

// ReportAccount records an organiser's report of a remote account for
// the co-op account in.Coop and, with in.Forward, sends it to the
// account's server: both in one transaction, with their audit entries.
func (s *Service) ReportAccount(ctx context.Context, in ReportInput) (model.Report, error) {
	coop, err := s.acct.Coop(ctx, in.Coop)
	if err != nil {
		return model.Report{}, err
	}
	if err := s.acct.Authorize(ctx, coop, account.Write); err != nil {
		return model.Report{}, err
	}
	comment := strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(comment) > MaxReportComment {
		return model.Report{}, apperr.Invalid("comment", "keep it to %d characters", MaxReportComment)
	}
	if strings.ContainsRune(comment, 0) || !utf8.ValidString(comment) {
		return model.Report{}, apperr.Invalid("comment", "the comment is not text")
	}
	var statuses []string
	for _, id := range in.Statuses {
		if id = strings.TrimSpace(id); id != "" && !contains(statuses, id) {
			statuses = append(statuses, id)
		}
	}
	if len(statuses) > MaxReportStatuses {
		return model.Report{}, apperr.Invalid("statuses", "name at most %d posts", MaxReportStatuses)
	}
	target, err := s.follows.FindAccountChecked(ctx, in.Account)
	if err != nil {
		return model.Report{}, err
	}
	for _, id := range statuses {
		if !federation.SameOrigin(id, target.URI) {
			return model.Report{}, apperr.Invalid("statuses", "%s is not a post on %s, the account’s server", id, target.Host)
		}
	}
	by := doerName(ctx)
	r := model.Report{URI: s.urls.NewActivity(), ReporterURI: s.urls.Actor(coop.Handle), ActorID: coop.ID, ActorHandle: coop.Handle,
		ObjectURIs: append([]string{target.URI}, statuses...), Content: comment, ReceivedAt: s.now().UTC(),
		TargetURI: target.URI, ReporterUser: by}
	err = s.store.InTx(ctx, func(tx store.Tx) error {
		if r.ID, err = tx.ReportInsert(ctx, &r); err != nil {
			return err
		}
		if err := s.acct.Audit(ctx, tx, &coop, account.AuditReportCreate, target.URI, fmt.Sprintf("report %d, %d posts", r.ID, len(statuses))); err != nil {
			return err
		}
		if !in.Forward {
			return nil
		}
		return s.forward(ctx, tx, coop, target, &r)
	})
	if err != nil {
		return model.Report{}, fmt.Errorf("report %s: %w", target.URI, err)
	}
	return r, nil
}

// forward sends our own report r to its target's server as a Flag from
// coop, and notes it.
func (s *Service) forward(ctx context.Context, tx store.Tx, coop model.Actor, target model.RemoteActor, r *model.Report) error {
	doc, err := federation.FlagJSON(federation.Flag{ID: r.URI, Actor: s.urls.Actor(coop.Handle), Objects: r.ObjectURIs, Content: r.Content})
	if err != nil {
		return err
	}
	inbox := target.SharedInbox
	if inbox == "" {
		inbox = target.Inbox
	}
	now := s.now().UTC()
	// Not public: the report is for the other server's moderators, and
	// its id answers nobody else.
	if err := s.fed.Send(ctx, tx, &model.OutboxActivity{URI: r.URI, ActorID: coop.ID, Type: "Flag", ObjectURI: target.URI,
		Raw: doc, CreatedAt: now}, []string{inbox}); err != nil {
		return err
	}
	if err := tx.ReportForwarded(ctx, r.ID, now); err != nil {
		return err
	}
	r.ForwardedAt = &now
	return s.acct.Audit(ctx, tx, &coop, account.AuditFlagSend, target.URI, fmt.Sprintf("report %d to %s", r.ID, inbox))
}

// ResolveReport marks a report dealt with (admins only) and, with
// forward, sends our own report of a remote account to its server if it
// was not sent yet. Resolving twice is refused (apperr.ErrConflict) so that two
// admins see they both acted.
func (s *Service) ResolveReport(ctx context.Context, id int64, forward bool) (model.Report, error) {
	if err := account.AuthorizeAdmin(ctx, account.Write); err != nil {
		return model.Report{}, err
	}
	var r model.Report
	err := s.store.InTx(ctx, func(tx store.Tx) error {
		var err error
		if r, err = tx.ReportGet(ctx, id); err != nil {
			return err
		}
		if forward && !r.Local() {
			return apperr.Invalid("forward", "this report is about our own @%s: there is no other server to forward it to", r.ActorHandle)
		}
		now := s.now().UTC()
		by := doerName(ctx)
		if err := tx.ReportResolve(ctx, id, by, now); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return apperr.Invalid("report", "report %d was resolved already", id)
			}
			return err
		}
		r.ResolvedAt, r.ResolvedBy = &now, by
		coop, err := tx.ActorGetByID(ctx, r.ActorID)
		if err != nil {
			return err
		}
		about := r.TargetURI
		if about == "" {
			about = "@" + coop.Handle
		}
		if err := s.acct.Audit(ctx, tx, &coop, account.AuditReportResolve, about, fmt.Sprintf("report %d", id)); err != nil {
			return err
		}
		if !forward || r.ForwardedAt != nil {
			return nil
		}
		target, err := tx.RemoteActorGetByURI(ctx, r.TargetURI)
		if err != nil {
			return fmt.Errorf("find %s: %w", r.TargetURI, err)
		}
		return s.forward(ctx, tx, coop, target, &r)
	})
	return r, err
}

// ReportsPage is one page of reports.
type ReportsPage struct {
	Reports []model.Report
	State   model.ReportState
	Page    int
	More    bool
}

// ReportsPerPage is how many reports one page lists.
const ReportsPerPage = 50

// ReportPage returns a page (from 1) of the reports in state (open ones
// first, then newest first), to admins. "" is open.
func (s *Service) ReportPage(ctx context.Context, state model.ReportState, page int) (ReportsPage, error) {
	if err := account.AuthorizeAdmin(ctx, account.Read); err != nil {
		return ReportsPage{}, err
	}
	switch state {
	case "":
		state = model.ReportsOpen
	case model.ReportsOpen, model.ReportsResolved, model.ReportsAll:
	default:
		return ReportsPage{}, apperr.Invalid("state", "want open, resolved or all")
	}
	page = max(page, 1)
	list, err := s.store.ReportPage(ctx, &store.ReportPageParams{State: state, Limit: ReportsPerPage + 1, Offset: (page - 1) * ReportsPerPage})
	if err != nil {
		return ReportsPage{}, err
	}
	out := ReportsPage{Reports: list, State: state, Page: page}
	if len(list) > ReportsPerPage {
		out.Reports, out.More = list[:ReportsPerPage], true
	}
	return out, nil
}

// doerName is who ctx acts for, as the log and reports name them.
func doerName(ctx context.Context) string {
	if p, ok := account.PrincipalFrom(ctx); ok && p.User.ID != 0 {
		return p.User.Username
	}
	return "command line"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// HideComment hides (or, with hide false, shows again) a comment on a
// gathering, for its organisers. A hidden comment is kept, and listed to
// organisers as hidden; nothing public lists it. Hiding a comment does
// not touch any answer its author gave: an organiser who wants them off
// the list removes the answer as well. Hiding what is hidden changes
// nothing.
func (s *Service) HideComment(ctx context.Context, gatheringID, commentID int64, hide bool) error {
	if err := s.acct.AuthorizeGathering(ctx, gatheringID, account.Write); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx store.Tx) error {
		c, err := tx.CommentGet(ctx, commentID)
		if err != nil {
			return err
		}
		if c.GatheringID != gatheringID {
			return fmt.Errorf("comment %d of gathering %d: %w", commentID, gatheringID, store.ErrNotFound)
		}
		g, err := tx.GatheringGet(ctx, gatheringID)
		if err != nil {
			return err
		}
		coop, err := tx.ActorGetByID(ctx, g.ActorID)
		if err != nil {
			return err
		}
		hides, err := tx.CommentHides(ctx, gatheringID)
		if err != nil {
			return err
		}
		if _, hidden := hides[commentID]; hidden == hide {
			return nil
		}
		target := fmt.Sprintf("comment %d by %s", commentID, c.Person.URI)
		detail := fmt.Sprintf("on gathering %d %q", g.ID, g.Title)
		if !hide {
			if err := tx.CommentUnhide(ctx, commentID); err != nil {
				return err
			}
			return s.acct.Audit(ctx, tx, &coop, account.AuditCommentUnhide, target, detail)
		}
		if err := tx.CommentHide(ctx, &model.CommentHide{CommentID: commentID, HiddenBy: doerName(ctx), HiddenAt: s.now().UTC()}); err != nil {
			return err
		}
		return s.acct.Audit(ctx, tx, &coop, account.AuditCommentHide, target, detail)
	})
}

// MayReportFor returns nil when ctx may report accounts for the co-op
// account handle, for the page that offers the form.
func (s *Service) MayReportFor(ctx context.Context, handle string) error {
	coop, err := s.acct.Coop(ctx, handle)
	if err != nil {
		return err
	}
	return s.acct.Authorize(ctx, coop, account.Write)
}
