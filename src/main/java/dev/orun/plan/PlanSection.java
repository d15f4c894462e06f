package dev.orun.plan;

import java.util.List;

/**
 * The sections a pack is generated in, in order, as in the seed (WSPass {@code generateArchitecturePack}):
 * each names the pack fields it produces, its token-budget variable and default, and what it is told.
 */
public enum PlanSection {
    CORE("core", "PRD core", List.of("prd", "actors"), "ANTHROPIC_CORE_MAX_TOKENS", 350, true,
            List.of(),
            "Summarise the PRD: prd.title is a short product name, prd.summary one sentence. List at most 4 actors."),
    CLARIFICATIONS("clarifications", "clarifications", List.of("clarifications"), "ANTHROPIC_CLARIFICATIONS_MAX_TOKENS", 450, true,
            List.of("prd"),
            "Return 3 to 5 architecture-shaping clarifications with short ids (c1, c2, ...). Where the PRD does not answer "
                    + "a question, set answer to a reasonable default assumption and default_used to true."),
    WORKFLOWS("workflows", "workflows", List.of("workflows"), "ANTHROPIC_WORKFLOWS_MAX_TOKENS", 500, false,
            List.of("prd", "actors", "clarifications"),
            "Return at most 4 workflows with ids wf1, wf2, ...; each has 3 to 5 short steps."),
    REQUIREMENTS("requirements", "requirements", List.of("requirements"), "ANTHROPIC_REQUIREMENTS_MAX_TOKENS", 700, true,
            List.of("prd", "actors", "workflows"),
            "Return 5 to 10 implementation-relevant requirements with ids req_1, req_2, ...; each text is one sentence, "
                    + "priority is must, should or could, and each has 0 to 2 acceptance criteria."),
    DOMAIN("domain", "domain", List.of("entities", "integrations", "nfrs", "assumptions", "open_questions"),
            "ANTHROPIC_DOMAIN_MAX_TOKENS", 650, false,
            List.of("prd", "requirements"),
            "Extract the domain model, integrations, non-functional requirements, assumptions and open questions: at most "
                    + "6 entities, 6 integrations, 5 assumptions and 5 open questions."),
    // The seed asked for components by name and type only; orun also asks for relationships (the diagram's edges)
    // and deployment, so its default budget is larger than the seed's 750.
    ARCHITECTURE("architecture", "architecture", List.of("architecture"), "ANTHROPIC_ARCHITECTURE_MAX_TOKENS", 1500, false,
            List.of("prd", "actors", "workflows", "requirements", "entities", "integrations", "nfrs"),
            "Design exactly one architecture with 4 to 8 components (names in kebab-case, unique). Add relationships "
                    + "between components (from and to are component names; every relationship has a kind and a short "
                    + "label). Keep data_flows, data_stores, async_patterns and api_surface to at most 6 items each."),
    REFINEMENT("refinement", "refinement", List.of("refinement"), "ANTHROPIC_REFINEMENT_MAX_TOKENS", 350, false,
            List.of("requirements", "architecture"),
            "Give wireframe and chat refinement guidance: at most 5 editable components (component names), 5 suggested "
                    + "questions and 5 editable topics."),
    // The seed derived the issue plan in code; orun asks the model for it (and checks it), hence a larger budget
    // than the seed's 550 for this section.
    IMPLEMENTATION("implementation", "implementation overview", List.of("implementation"),
            "ANTHROPIC_IMPLEMENTATION_OVERVIEW_MAX_TOKENS", 2500, false,
            List.of("requirements", "architecture", "refinement", "open_questions"),
            "Plan the implementation: a summary, the IaC handoff, logic_requirements (ids logic_1, ...), and a "
                    + "github_issue_plan of 4 to 10 issues (ids issue_1, ...; each depends_on lists only ids of issues in "
                    + "this plan, with no cycles), the coordination policy and observability. Keep lists to at most 6 "
                    + "items where you can."),
    COVERAGE("coverage", "coverage and trace", List.of("coverage", "trace"), "ANTHROPIC_COVERAGE_MAX_TOKENS", 500, false,
            List.of("requirements", "architecture", "implementation"),
            "Return exactly one coverage item and one trace item for each requirement id given; coverage.status is "
                    + "covered, partial or missing; source_hint says where in the PRD the requirement comes from.");

    private final String id;
    private final String title;
    private final List<String> fields;
    private final String budgetVariable;
    private final int defaultBudget;
    private final boolean needsPrd;
    private final List<String> context;
    private final String instructions;

    PlanSection(String id, String title, List<String> fields, String budgetVariable, int defaultBudget, boolean needsPrd,
                List<String> context, String instructions) {
        this.id = id;
        this.title = title;
        this.fields = fields;
        this.budgetVariable = budgetVariable;
        this.defaultBudget = defaultBudget;
        this.needsPrd = needsPrd;
        this.context = context;
        this.instructions = instructions;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The pack's top-level fields this section produces. */
    public List<String> fields() {
        return fields;
    }

    public String budgetVariable() {
        return budgetVariable;
    }

    public int defaultBudget() {
        return defaultBudget;
    }

    /** Whether the PRD text goes into this section's prompt. */
    public boolean needsPrd() {
        return needsPrd;
    }

    /** The earlier pack fields given to the model as context. */
    public List<String> context() {
        return context;
    }

    public String instructions() {
        return instructions;
    }

    /** The forced tool's name / JSON-schema name: {@code submit_<id>}. */
    public String toolName() {
        return "submit_" + id;
    }

    /** 1-based position, used in log file names ({@code 01-core}). */
    public String fileStem() {
        return String.format("%02d-%s", ordinal() + 1, id);
    }

    public int budget(java.util.Map<String, String> env) {
        String v = env.get(budgetVariable);
        if (v == null || v.isBlank()) {
            return defaultBudget;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw dev.orun.error.OrunException.usage(budgetVariable + "='" + v + "' is not a positive whole number of tokens: "
                    + "set it to e.g. " + defaultBudget + " or unset it");
        }
    }
}
