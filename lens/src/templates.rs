//! Starter templates: the eight architecture scenarios of the Generative AI Lens, laid out and
//! ready to review ("New from template").
//!
//! Each template is a canonical architecture JSON file under `lens/templates/`, compiled into the
//! binary. It shows a realistic, mostly well-built system drawn with the catalog's kinds, with a
//! few deliberate gaps — the kind of oversight a real team makes — so that a new user sees
//! findings at once and can practise resolving them. The gaps are named in each template's
//! description; `lens/tests/review/templates.rs` snapshots the findings so a rule change that alters a
//! template is noticed.
//!
//! Layout: every component has a canvas position (its top-left corner; nodes are drawn about
//! 180 × 60 px) and every boundary a position (top-left corner) and size, all in absolute canvas
//! coordinates, with a boundary's members inside its rectangle. Requests travel left to right.

use serde::Serialize;

use crate::json::{import_architecture, ImportError};
use crate::model::Architecture;

/// A starter template: one of the lens's architecture scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Template {
    /// Stable id, also the file name under `lens/templates/` (`autonomous-call-center`).
    pub id: &'static str,
    /// The name shown in the "New from template" list.
    pub name: &'static str,
    /// What the system does and which gaps were left in it on purpose.
    pub description: &'static str,
    /// The number of the scenario in the lens (1–8).
    pub scenario: u8,
    #[serde(skip)]
    json: &'static str,
}

impl Template {
    /// The template's architecture, ready to edit and review.
    ///
    /// The templates are compiled in and a test imports every one of them, so this fails only if
    /// the binary was built from broken template files.
    pub fn architecture(&self) -> Result<Architecture, ImportError> {
        import_architecture(self.json)
    }

    /// The template's canonical architecture JSON, exactly as stored.
    pub fn json(&self) -> &'static str {
        self.json
    }
}

/// Every template, in scenario order.
pub fn templates() -> &'static [Template] {
    TEMPLATES
}

/// The template with this id, if there is one.
pub fn template(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.id == id)
}

macro_rules! template_file {
    ($id:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/templates/",
            $id,
            ".json"
        ))
    };
}

static TEMPLATES: &[Template] = &[
    Template {
        id: "autonomous-call-center",
        name: "Autonomous call center",
        description: "Amazon Connect contact flow and agent workspace, a Lex intent bot that \
            escalates to a live agent on low confidence, a Bedrock agent with prompt routing \
            (Haiku → Sonnet), a knowledge base of policies, CRM and order tools, conversation \
            memory, follow-up tasks, guardrails, keys, monitoring and evaluations. Gaps left on \
            purpose: the agent changes orders with no approval (a medium risk: the order tool \
            is scoped to least privilege), the conversation memory keeps transcripts forever, \
            and the follow-up queue has no dead-letter queue.",
        scenario: 1,
        json: template_file!("autonomous-call-center"),
    },
    Template {
        id: "knowledge-worker-copilot",
        name: "Knowledge worker co-pilot",
        description: "A web app behind a streaming API gateway with federated sign-in, a \
            guardrailed co-pilot agent with prompt routing, a permission-aware enterprise \
            search index and a knowledge base, data-warehouse and data-catalog tools, and \
            session, user and organisational memory. Gaps left on purpose: the warehouse query \
            tool runs with a broad analyst role, organisational memory, which holds personal \
            data from the warehouse, is kept forever, and evaluations run only offline.",
        scenario: 2,
        json: template_file!("knowledge-worker-copilot"),
    },
    Template {
        id: "multi-tenant-genai-platform",
        name: "Multi-tenant generative AI platform",
        description: "Two tenant accounts behind a central AI gateway with unified APIs and \
            per-tenant rate limits, per-tenant guardrail policies, a model router over Bedrock, \
            a self-hosted SageMaker endpoint and a partner model, an agent runtime with an MCP \
            agent gateway for tool discovery, model, prompt and tool registries, tenant \
            onboarding, usage and cost attribution, per-tenant keys, evaluations and audit \
            logging. Gaps left on purpose: the tenants' knowledge bases share one vector store \
            with no tenant isolation, the partner model is called over the public internet, and \
            the SageMaker endpoint does not scale with demand.",
        scenario: 3,
        json: template_file!("multi-tenant-genai-platform"),
    },
    Template {
        id: "generative-bi",
        name: "Generative business intelligence",
        description: "An analytics assistant with identity propagation, a multi-turn BI agent \
            that turns questions into SQL, a document knowledge base filtered per user, a \
            natural-language-to-SQL knowledge base of schemas and example queries, a warehouse \
            query engine with row and column security, a data catalog, result cache, memory, \
            monitoring and SQL accuracy evaluations. Gaps left on purpose: the NL-to-SQL \
            knowledge base's retrieval is never evaluated, and cached query results never \
            expire. (It does not filter by who is asking, which its schemas and example queries \
            do not need: they hold no confidential data.)",
        scenario: 4,
        json: template_file!("generative-bi"),
    },
    Template {
        id: "incident-response-assistant",
        name: "Incident response assistant",
        description: "Alerts from monitoring tools and chat questions enter through one throttled \
            API, are validated, queued and handled by a Step Functions workflow with retries, \
            correlated and enriched (cache, time-series history), then triaged by an agent that \
            routes between a small and a large model, searches past incidents and runbooks, and \
            runs remediation only after the incident commander approves. Gaps left on purpose: \
            the triage agent has no stopping condition (neither an iteration limit nor a \
            timeout), and the past-incidents vector store lives in one Region, so the agent \
            depends on a single Region.",
        scenario: 5,
        json: template_file!("incident-response-assistant"),
    },
    Template {
        id: "code-transformation",
        name: "Code transformation",
        description:
            "A dedicated account where a Step Functions workflow drives an analysis agent \
            and a transformation agent over source repositories: ingestion into a code \
            knowledge base, transformation and tests in a build sandbox with no internet \
            egress, rollback bundles, an engineer's pull-request approval before a commit to a \
            new branch, keys, RBAC and an audit trail. Gaps left on purpose: the analysis agent \
            reuses a broad pipeline role instead of least privilege, and the GitHub App key is \
            never rotated.",
        scenario: 6,
        json: template_file!("code-transformation"),
    },
    Template {
        id: "automated-kanban-workflow",
        name: "Automated Kanban workflow",
        description: "Jira webhooks reach a Step Functions workflow through API Gateway and an \
            SNS/SQS topic; one model reviews each task and another drafts subtasks, with \
            versioned prompts, retries, a guardrail, a team lead's approval before subtasks are \
            written back to Jira, a rotated API token, keys, private networking and monitoring. \
            Gaps left on purpose: the Jira API tool uses an admin token instead of a \
            least-privilege one, the task queue has no dead-letter queue, and the team lead's \
            approval can wait forever.",
        scenario: 7,
        json: template_file!("automated-kanban-workflow"),
    },
    Template {
        id: "automated-code-review",
        name: "Automated code review",
        description: "Pull-request webhooks pass a WAF-protected API Gateway and a signature \
            check, are batched in a queue, screened by a guardrail and reviewed by an agent \
            that routes between an on-demand small model and a large model, guided by company \
            and team guidelines; a maintainer approves the merge, and developers rate comments \
            on a dashboard. Gaps left on purpose: review comments are posted to GitHub with no \
            approval (a medium risk: the commenting tool is scoped to least privilege), anyone \
            can edit the guidelines (prompt catalog), and the large model's response length is \
            not capped.",
        scenario: 8,
        json: template_file!("automated-code-review"),
    },
];
