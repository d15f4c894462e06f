package dev.orun.gate;

import dev.orun.run.ValidationResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;

/**
 * {@code viz_tech_match}: each {@code {name: '…', type: '…'}} claim in {@code metadata_source} whose type names a
 * known technology must be both imported and rendered in {@code implementation_target} or a {@code .tsx/.jsx/.ts}
 * file beside it (the seed's two layers and its patterns, in its order). A missing implementation target falls
 * back to the first existing {@code any_of} output.
 */
final class VizTechMatchCheck implements Check {
    private record Tech(JsRegex importRe, JsRegex usage) {
    }

    private static final Map<String, Tech> TECH = new LinkedHashMap<>();

    static {
        tech("React Three Fiber", "@react-three\\/(fiber|drei)", "", "<Canvas[\\s>]|from\\s+['\"]@react-three\\/fiber['\"]\\s*;?\\s*.*<Canvas", "s");
        tech("Three.js", "from\\s+['\"]three['\"]", "", "new\\s+THREE\\.\\w+|new\\s+(Scene|WebGLRenderer|PerspectiveCamera|Mesh)\\b|<Canvas[\\s>]", "");
        tech("WebGL", "@react-three\\/(fiber|drei)|from\\s+['\"]three['\"]", "", "<Canvas[\\s>]|getContext\\(\\s*['\"]webgl", "");
        tech("D3", "from\\s+['\"]d3['\"]", "", "d3\\.\\w+\\(|select\\(|selectAll\\(|<svg[\\s>]", "");
        tech("Recharts", "from\\s+['\"]recharts['\"]", "",
                "<(ResponsiveContainer|BarChart|LineChart|AreaChart|PieChart|RadarChart|ComposedChart|ScatterChart)[\\s>]", "");
        tech("Mapbox", "mapbox-gl|react-map-gl", "", "<Map[\\s>]|new\\s+mapboxgl\\.Map", "");
        tech("Leaflet", "from\\s+['\"]leaflet", "", "<MapContainer[\\s>]|L\\.map\\(|new\\s+L\\.\\w+", "");
        tech("TopoJSON", "topojson", "", "topojson\\.\\w+\\(|feature\\(|mesh\\(", "");
    }

    private static void tech(String name, String importRe, String importFlags, String usage, String usageFlags) {
        TECH.put(name, new Tech(JsRegex.compile(importRe, importFlags), JsRegex.compile(usage, usageFlags)));
    }

    private static final JsRegex CLAIM = JsRegex.compile(
            "\\{\\s*name:\\s*['\"]([^'\"]+)['\"]\\s*,\\s*type:\\s*['\"]([^'\"]+)['\"]\\s*\\}", "g");
    private static final JsRegex SIBLING = JsRegex.compile("\\.(tsx|jsx|ts)$", "");

    @Override
    public List<ValidationResult> run(ValidationSpec spec, CheckContext ctx) {
        RepoFiles.Resolved meta = ctx.path(spec.text("metadata_source"), spec.pointer() + "/metadata_source");
        RepoFiles.Resolved impl = ctx.seedTarget(spec, "implementation_target");
        String shown = impl.relative() != null ? impl.relative() : impl.given();
        if (!meta.isFile()) {
            return List.of(Check.unreadable(spec, meta, "the metadata with the visualization claims"));
        }
        if (!impl.isFile()) {
            return List.of(Check.unreadable(spec, impl, "the client component"));
        }
        Duration limit = ctx.settings().regexLimit();
        try {
            StringBuilder source = new StringBuilder(CheckContext.text(impl));
            for (Path f : siblings(impl.file(), limit)) {
                if (!f.equals(impl.file()) && !f.equals(meta.file()) && ctx.files().symlinkEscape(f) == null) {
                    source.append('\n').append(Files.readString(f, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            String metaText = CheckContext.text(meta);
            List<String[]> claims = new ArrayList<>();
            Matcher m = CLAIM.pattern().matcher(new JsRegex.Bounded(metaText, limit));
            while (m.find()) {
                claims.add(new String[]{m.group(1), m.group(2)});
            }
            if (claims.isEmpty()) {
                return List.of(Check.result(spec, shown, true, "no visualizations declared in " + meta.relative()));
            }
            List<String> unmatched = new ArrayList<>();
            int checked = 0;
            for (String[] c : claims) {
                String type = c[1].toLowerCase(Locale.ROOT);
                for (Map.Entry<String, Tech> t : TECH.entrySet()) {
                    if (type.contains(t.getKey().toLowerCase(Locale.ROOT))) {
                        checked++;
                        if (!t.getValue().importRe().test(source, limit)) {
                            unmatched.add("\"" + c[0] + "\" claims \"" + c[1] + "\" but no " + t.getKey() + " import found");
                        } else if (!t.getValue().usage().test(source, limit)) {
                            unmatched.add("\"" + c[0] + "\" claims \"" + c[1] + "\" — import exists but no rendered element found"
                                    + " (e.g. <Canvas>, d3.select, <BarChart>)");
                        }
                        break;
                    }
                }
            }
            if (unmatched.isEmpty()) {
                return List.of(Check.result(spec, shown, true, claims.size() + " visualizations declared, " + checked
                        + " name a known technology; each is imported and rendered"));
            }
            return List.of(Check.result(spec, shown, false, unmatched.size() + " of " + claims.size() + " visualization claims unmet: "
                    + String.join("; ", unmatched)));
        } catch (JsRegex.Timeout e) {
            return List.of(Check.result(spec, shown, false, "not checked: " + e.getMessage()));
        } catch (IOException e) {
            return List.of(Check.result(spec, shown, false, "cannot read a file beside it: " + e.getMessage()));
        }
    }

    private static List<Path> siblings(Path file, Duration limit) throws IOException {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.filter(p -> SIBLING.test(p.getFileName().toString(), limit) && Files.isRegularFile(p)).sorted().toList();
        }
    }
}
