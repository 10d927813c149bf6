// Atoms that name the engine's requests (CAF 0.17: at most 10 characters).
#pragma once

#include "caf/atom.hpp"

namespace eddy {

/// Ask a partition for the positions it has persisted.
using positions_atom = caf::atom_constant<caf::atom("positions")>;
/// Crash on purpose (fault injection in tests and demos).
using crash_atom = caf::atom_constant<caf::atom("crash")>;
/// Tell a source that partition p has a new incarnation.
using restarted_atom = caf::atom_constant<caf::atom("restarted")>;
/// Ask for a status report.
using status_atom = caf::atom_constant<caf::atom("status")>;
/// Periodic timer tick.
using tick_atom = caf::atom_constant<caf::atom("tick")>;
/// Flush buffered output now.
using flush_atom = caf::atom_constant<caf::atom("flush")>;
/// Stop producing and drain (clean shutdown).
using stop_atom = caf::atom_constant<caf::atom("stop")>;
using checkpoint_atom = caf::atom_constant<caf::atom("checkpoint")>;
using commit_atom = caf::atom_constant<caf::atom("commit")>;
using persisted_atom = caf::atom_constant<caf::atom("persisted")>;
using savepoint_atom = caf::atom_constant<caf::atom("savepoint")>;
using stall_atom = caf::atom_constant<caf::atom("stall")>;
/// An ingress's watermark for a partition it has no records for.
using watermark_atom = caf::atom_constant<caf::atom("watermark")>;

} // namespace eddy
