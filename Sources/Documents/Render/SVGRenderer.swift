internal import CRSVG
public import Foundation

/// SVG → PDF/PNG with librsvg and cairo. Fonts come from fontconfig (Noto CJK for Chinese and Japanese).
public enum SVGRenderer {
    /// Renders `svg` to a one-page PDF at the SVG's intrinsic size (1 px = 1/96 in).
    public static func pdf(svg: String) throws(DocumentError) -> Data {
        try render(svg: svg) { width, height, draw in
            let sink = ByteSink()
            let surface = cairo_pdf_surface_create_for_stream(ByteSink.write, sink.opaque, width * 0.75, height * 0.75)!
            let cairo = cairo_create(surface)!
            cairo_scale(cairo, 0.75, 0.75)  // CSS px to PDF points
            let ok = draw(cairo)
            cairo_destroy(cairo)
            cairo_surface_finish(surface)
            let status = cairo_surface_status(surface)
            cairo_surface_destroy(surface)
            return withExtendedLifetime(sink) { ok && status == CAIRO_STATUS_SUCCESS ? sink.data : nil }
        }
    }

    /// Renders `svg` to PNG at `scale` × its intrinsic size on a white background.
    public static func png(svg: String, scale: Double = 1) throws(DocumentError) -> Data {
        try render(svg: svg) { width, height, draw in
            let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width * scale), Int32(height * scale))!
            let cairo = cairo_create(surface)!
            cairo_set_source_rgb(cairo, 1, 1, 1)
            cairo_paint(cairo)
            cairo_scale(cairo, scale, scale)
            let ok = draw(cairo)
            cairo_destroy(cairo)
            let sink = ByteSink()
            let status = cairo_surface_write_to_png_stream(surface, ByteSink.write, sink.opaque)
            cairo_surface_destroy(surface)
            return withExtendedLifetime(sink) { ok && status == CAIRO_STATUS_SUCCESS ? sink.data : nil }
        }
    }

    private static func render(svg: String, _ body: (Double, Double, (OpaquePointer) -> Bool) -> Data?)
        throws(DocumentError) -> Data
    {
        var error: UnsafeMutablePointer<GError>? = nil
        let bytes = Array(svg.utf8)
        let handle = bytes.withUnsafeBufferPointer { buffer in
            rsvg_handle_new_from_data(buffer.baseAddress, gsize(buffer.count), &error)
        }
        guard let handle else {
            let message = error.map { String(cString: $0.pointee.message) } ?? "unknown"
            if let error { g_error_free(error) }
            throw DocumentError(
                .renderFailed, "librsvg could not read the SVG", issues: [.init(path: "/", message: message)])
        }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        var width: Double = 0, height: Double = 0
        guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 else {
            throw DocumentError(.renderFailed, "SVG needs an absolute width and height")
        }
        let data = body(width, height) { cairo in
            var viewport = RsvgRectangle(x: 0, y: 0, width: width, height: height)
            var renderError: UnsafeMutablePointer<GError>? = nil
            let ok = rsvg_handle_render_document(handle, cairo, &viewport, &renderError) != 0
            if let renderError { g_error_free(renderError) }
            return ok
        }
        guard let data else { throw DocumentError(.renderFailed, "cairo could not render the SVG") }
        return data
    }
}

/// Accumulates bytes written by cairo's stream callbacks.
private final class ByteSink {
    var data = Data()
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        sink.data.append(bytes, count: Int(length))
        return CAIRO_STATUS_SUCCESS
    }
}
