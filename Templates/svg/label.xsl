<?xml version="1.0" encoding="UTF-8"?>
<!-- 4 x 6 in shipping label as SVG (1 user unit = 0.01 in). Barcode and QR geometry come precomputed in the data. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.w3.org/2000/svg"
                >
  <xsl:import href="../common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>

  <xsl:template match="/ShippingLabel">
    <svg width="4in" height="6in" viewBox="0 0 400 600" font-family="{$font}">
      <rect x="0" y="0" width="400" height="600" fill="#fff"/>
      <rect x="4" y="4" width="392" height="592" fill="none" stroke="#000" stroke-width="2"/>
      <text x="12" y="36" font-size="26" font-weight="bold"><xsl:value-of select="Carrier"/></text>
      <text x="388" y="36" font-size="14" text-anchor="end"><xsl:value-of select="Service"/></text>
      <line x1="4" y1="48" x2="396" y2="48" stroke="#000" stroke-width="2"/>
      <text x="12" y="64" font-size="9">
        <tspan x="12" dy="0"><xsl:call-template name="t"><xsl:with-param name="key" select="'sender'"/></xsl:call-template></tspan>
      </text>
      <text x="12" y="78" font-size="10">
        <xsl:call-template name="party-lines"><xsl:with-param name="party" select="From"/><xsl:with-param name="x" select="12"/></xsl:call-template>
      </text>
      <xsl:variable name="qrScale" select="3"/>
      <g transform="translate({388 - QR/@modules * $qrScale} 54) scale({$qrScale})" shape-rendering="crispEdges">
        <rect x="0" y="0" width="{QR/@modules}" height="{QR/@modules}" fill="#fff"/>
        <path d="{QR/Path}" fill="#000"/>
      </g>
      <line x1="4" y1="172" x2="396" y2="172" stroke="#000" stroke-width="1"/>
      <text x="12" y="190" font-size="10">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'addressee'"/></xsl:call-template>
      </text>
      <text x="24" y="212" font-size="17">
        <xsl:call-template name="party-lines"><xsl:with-param name="party" select="To"/><xsl:with-param name="x" select="24"/></xsl:call-template>
      </text>
      <line x1="4" y1="318" x2="396" y2="318" stroke="#000" stroke-width="1"/>
      <text x="12" y="336" font-size="12">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'weight'"/></xsl:call-template>
        <xsl:value-of select="concat(': ', GrossWeight, ' kg')"/>
      </text>
      <text x="200" y="336" font-size="12">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'reference'"/></xsl:call-template>
        <xsl:value-of select="concat(': ', Reference)"/>
      </text>
      <xsl:if test="ItemId">
        <text x="12" y="354" font-size="14" font-weight="bold"><xsl:value-of select="ItemId"/></text>
      </xsl:if>
      <xsl:if test="DangerousGoods">
        <!-- Marks side by side; the row is scaled down when they do not fit the 376 units available. -->
        <xsl:variable name="total" select="count(DangerousGoods/Mark[@type = 'lithium-battery']) * 138
          + count(DangerousGoods/Mark[@type = 'cargo-aircraft-only']) * 150
          + count(DangerousGoods/Mark[@type != 'lithium-battery' and @type != 'cargo-aircraft-only']) * 96 - 8"/>
        <xsl:variable name="scale"><xsl:choose><xsl:when test="$total &gt; 376"><xsl:value-of select="376 div $total"/></xsl:when><xsl:otherwise>1</xsl:otherwise></xsl:choose></xsl:variable>
        <g transform="translate(12 362) scale({$scale})">
          <xsl:apply-templates select="DangerousGoods/Mark"/>
        </g>
      </xsl:if>
      <line x1="4" y1="458" x2="396" y2="458" stroke="#000" stroke-width="1"/>
      <g transform="translate({(400 - GS1128/@modules * 2) div 2} 466) scale(2 1.2)" shape-rendering="crispEdges">
        <path d="{GS1128/Path}" fill="#000"/>
      </g>
      <text x="200" y="556" font-size="13" text-anchor="middle"><xsl:value-of select="GS1128/Text"/></text>
      <text x="200" y="582" font-size="9" text-anchor="middle"><xsl:value-of select="Date"/></text>
    </svg>
  </xsl:template>

  <!-- Horizontal offset of a mark: widths of the marks before it. -->
  <xsl:template name="mark-x">
    <xsl:value-of select="count(preceding-sibling::Mark[@type = 'lithium-battery']) * 138
      + count(preceding-sibling::Mark[@type = 'cargo-aircraft-only']) * 150
      + count(preceding-sibling::Mark[@type != 'lithium-battery' and @type != 'cargo-aircraft-only']) * 96"/>
  </xsl:template>

  <!-- Lithium battery mark: red hatched border, UN number, battery symbol. -->
  <xsl:template match="Mark[@type = 'lithium-battery']">
    <g><xsl:attribute name="transform">translate(<xsl:call-template name="mark-x"/> 0)</xsl:attribute>
      <rect x="0" y="0" width="130" height="88" fill="#fff" stroke="#d00" stroke-width="6" stroke-dasharray="6 4"/>
      <text x="65" y="22" font-size="11" text-anchor="middle" font-weight="bold">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'lithium_mark'"/></xsl:call-template>
      </text>
      <rect x="40" y="30" width="44" height="20" fill="none" stroke="#000" stroke-width="2"/>
      <rect x="84" y="35" width="5" height="10" fill="#000"/>
      <path d="M58 32l-6 10h8l-6 8" fill="none" stroke="#d00" stroke-width="2"/>
      <text x="65" y="72" font-size="16" text-anchor="middle" font-weight="bold"><xsl:value-of select="@un"/></text>
    </g>
  </xsl:template>

  <!-- Class 9 hazard label: diamond, seven vertical stripes in the upper half, "9" underlined at the bottom. -->
  <xsl:template match="Mark[@type = 'class-9']">
    <g><xsl:attribute name="transform">translate(<xsl:call-template name="mark-x"/> 0)</xsl:attribute>
      <path d="M44 0L88 44L44 88L0 44Z" fill="#fff" stroke="#000" stroke-width="2"/>
      <path d="M26 18v26M32 12v32M38 6v38M44 2v42M50 6v38M56 12v32M62 18v26" stroke="#000" stroke-width="3"/>
      <text x="44" y="76" font-size="18" text-anchor="middle" font-weight="bold" text-decoration="underline">9</text>
    </g>
  </xsl:template>

  <!-- Cargo Aircraft Only label: orange, aircraft symbol, warning text. IATA requires the English wording. -->
  <xsl:template match="Mark[@type = 'cargo-aircraft-only']">
    <g><xsl:attribute name="transform">translate(<xsl:call-template name="mark-x"/> 0)</xsl:attribute>
      <rect x="0" y="0" width="142" height="88" fill="#f90" stroke="#000" stroke-width="2"/>
      <path d="M20 30l30 -4l10 -14h6l-4 14l22 -2l6 -6h4l-2 10l2 10h-4l-6 -6l-22 -2l4 14h-6l-10 -14l-30 -4z" fill="#000"/>
      <text x="71" y="62" font-size="11" text-anchor="middle" font-weight="bold">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'cao'"/><xsl:with-param name="language" select="'en'"/></xsl:call-template>
      </text>
      <text x="71" y="78" font-size="8" text-anchor="middle">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'cao_forbidden'"/><xsl:with-param name="language" select="'en'"/></xsl:call-template>
      </text>
    </g>
  </xsl:template>
  <!-- Limited quantity mark: square on point, black top and bottom corners, white centre band. -->
  <xsl:template match="Mark[@type = 'limited-quantity']">
    <g><xsl:attribute name="transform">translate(<xsl:call-template name="mark-x"/> 0)</xsl:attribute>
      <path d="M44 0L88 44L44 88L0 44Z" fill="#fff" stroke="#000" stroke-width="2"/>
      <path d="M44 0L70 26H18Z M44 88L70 62H18Z" fill="#000"/>
    </g>
  </xsl:template>

  <!-- Other hazard class labels: diamond in the class colour with the class number at the bottom corner. -->
  <xsl:template match="Mark[@type = 'hazard']">
    <xsl:variable name="fill">
      <xsl:choose>
        <xsl:when test="@class = '2.2'">#2a2</xsl:when>
        <xsl:when test="@class = '2.1' or @class = '3' or @class = '4.1'">#e22</xsl:when>
        <xsl:when test="@class = '4.3'">#26c</xsl:when>
        <xsl:when test="@class = '5.1' or @class = '5.2' or @class = '7'">#fd0</xsl:when>
        <xsl:when test="@class = '1'">#f80</xsl:when>
        <xsl:otherwise>#fff</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <g><xsl:attribute name="transform">translate(<xsl:call-template name="mark-x"/> 0)</xsl:attribute>
      <path d="M44 0L88 44L44 88L0 44Z" fill="{$fill}" stroke="#000" stroke-width="2"/>
      <xsl:if test="@class = '8'"><path d="M44 88L88 44H0Z" fill="#000"/></xsl:if>
      <text x="44" y="78" font-size="14" text-anchor="middle" font-weight="bold">
        <xsl:if test="@class = '8'"><xsl:attribute name="fill">#fff</xsl:attribute></xsl:if>
        <xsl:value-of select="@class"/>
      </text>
    </g>
  </xsl:template>
</xsl:stylesheet>
