<?xml version="1.0" encoding="UTF-8"?>
<!-- Body shared by the CN22 and CN23 SVG forms (user unit = 1 mm). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.w3.org/2000/svg"
                >
  <xsl:template name="caption">
    <xsl:param name="key"/><xsl:param name="x"/><xsl:param name="y"/>
    <text x="{$x}" y="{$y}" font-size="2.6" fill="#333">
      <xsl:call-template name="bi"><xsl:with-param name="key" select="$key"/></xsl:call-template>
    </text>
  </xsl:template>

  <!-- A column caption wrapped to the column width ($chars characters per line). -->
  <xsl:template name="column-caption">
    <xsl:param name="key"/><xsl:param name="x"/><xsl:param name="y"/><xsl:param name="chars"/><xsl:param name="both" select="false()"/>
    <text x="{$x}" y="{$y}" font-size="2.2" fill="#333">
      <xsl:call-template name="wrap">
        <xsl:with-param name="text">
          <xsl:choose>
            <xsl:when test="$both"><xsl:call-template name="bi"><xsl:with-param name="key" select="$key"/></xsl:call-template></xsl:when>
            <xsl:otherwise><xsl:call-template name="t"><xsl:with-param name="key" select="$key"/></xsl:call-template></xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="width" select="$chars"/>
        <xsl:with-param name="x" select="$x"/>
      </xsl:call-template>
    </text>
  </xsl:template>

  <xsl:template name="postal-body">
    <xsl:param name="width"/>
    <xsl:param name="title"/>
    <xsl:param name="top"/>
    <text x="6" y="{$top}" font-size="5" font-weight="bold">
      <xsl:call-template name="t"><xsl:with-param name="key" select="$title"/></xsl:call-template>
    </text>
    <xsl:if test="$lang2 != '' and $lang2 != $lang">
      <text x="6" y="{$top + 5}" font-size="3.2">
        <xsl:call-template name="t"><xsl:with-param name="key" select="$title"/><xsl:with-param name="language" select="$lang2"/></xsl:call-template>
      </text>
    </xsl:if>
    <text x="{$width - 6}" y="{$top}" font-size="2.6" text-anchor="end">
      <xsl:call-template name="t"><xsl:with-param name="key" select="'may_be_opened'"/></xsl:call-template>
    </text>
    <xsl:if test="ItemId">
      <text x="{$width - 6}" y="{$top + 5}" font-size="3.5" text-anchor="end" font-weight="bold"><xsl:value-of select="ItemId"/></text>
    </xsl:if>
    <xsl:variable name="y0" select="$top + 10"/>
    <xsl:call-template name="caption"><xsl:with-param name="key" select="'sender'"/><xsl:with-param name="x" select="6"/><xsl:with-param name="y" select="$y0"/></xsl:call-template>
    <text x="6" y="{$y0 + 5}" font-size="3.2">
      <xsl:call-template name="party-lines"><xsl:with-param name="party" select="Sender"/><xsl:with-param name="x" select="6"/></xsl:call-template>
    </text>
    <xsl:call-template name="caption"><xsl:with-param name="key" select="'addressee'"/><xsl:with-param name="x" select="$width div 2"/><xsl:with-param name="y" select="$y0"/></xsl:call-template>
    <text x="{$width div 2}" y="{$y0 + 5}" font-size="3.2">
      <xsl:call-template name="party-lines"><xsl:with-param name="party" select="Addressee"/><xsl:with-param name="x" select="$width div 2"/></xsl:call-template>
    </text>
    <xsl:variable name="y1" select="$y0 + 32"/>
    <line x1="4" y1="{$y1 - 4}" x2="{$width - 4}" y2="{$y1 - 4}" stroke="#000" stroke-width="0.3"/>
    <xsl:call-template name="caption"><xsl:with-param name="key" select="'category'"/><xsl:with-param name="x" select="6"/><xsl:with-param name="y" select="$y1"/></xsl:call-template>
    <xsl:variable name="category" select="Category"/>
    <xsl:for-each select="$catalogue/msg[@key = 'gift' or @key = 'documents' or @key = 'commercial-sample' or @key = 'returned-goods' or @key = 'sale-of-goods' or @key = 'other']">
      <xsl:variable name="cx" select="6 + ((position() - 1) mod 3) * (($width - 12) div 3)"/>
      <xsl:variable name="cy" select="$y1 + 2 + floor((position() - 1) div 3) * 5"/>
      <rect x="{$cx}" y="{$cy}" width="3" height="3" fill="none" stroke="#000" stroke-width="0.3"/>
      <xsl:if test="@key = $category">
        <path d="M{$cx + 0.4} {$cy + 1.5}l1 1.2l1.4 -2.6" fill="none" stroke="#000" stroke-width="0.5"/>
      </xsl:if>
      <text x="{$cx + 4}" y="{$cy + 2.6}" font-size="2.4">
        <xsl:call-template name="t"><xsl:with-param name="key" select="@key"/></xsl:call-template>
      </text>
    </xsl:for-each>
    <xsl:variable name="y2" select="$y1 + 17"/>
    <line x1="4" y1="{$y2 - 3}" x2="{$width - 4}" y2="{$y2 - 3}" stroke="#000" stroke-width="0.3"/>
    <xsl:variable name="c1" select="6"/>
    <xsl:variable name="c2" select="$width * 0.42"/>
    <xsl:variable name="c3" select="$width * 0.52"/>
    <xsl:variable name="c4" select="$width * 0.64"/>
    <xsl:variable name="c5" select="$width * 0.76"/>
    <xsl:variable name="c6" select="$width * 0.88"/>
    <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'description'"/><xsl:with-param name="x" select="$c1"/><xsl:with-param name="y" select="$y2"/><xsl:with-param name="chars" select="floor(($c2 - $c1) div 1.3)"/><xsl:with-param name="both" select="true()"/></xsl:call-template>
    <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'quantity'"/><xsl:with-param name="x" select="$c2"/><xsl:with-param name="y" select="$y2"/><xsl:with-param name="chars" select="floor(($c3 - $c2) div 1.3)"/></xsl:call-template>
    <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'net_weight'"/><xsl:with-param name="x" select="$c3"/><xsl:with-param name="y" select="$y2"/><xsl:with-param name="chars" select="floor(($c4 - $c3) div 1.3)"/></xsl:call-template>
    <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'value'"/><xsl:with-param name="x" select="$c4"/><xsl:with-param name="y" select="$y2"/><xsl:with-param name="chars" select="floor(($c5 - $c4) div 1.3)"/></xsl:call-template>
    <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'hs'"/><xsl:with-param name="x" select="$c5"/><xsl:with-param name="y" select="$y2"/><xsl:with-param name="chars" select="floor(($c6 - $c5) div 1.3)"/></xsl:call-template>
    <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'origin'"/><xsl:with-param name="x" select="$c6"/><xsl:with-param name="y" select="$y2"/><xsl:with-param name="chars" select="floor(($width - 4 - $c6) div 1.3)"/></xsl:call-template>
    <xsl:for-each select="Item">
      <xsl:variable name="iy" select="$y2 + 6 + 5 * position()"/>
      <g font-size="3">
        <text x="{$c1}" y="{$iy}"><xsl:value-of select="Description"/></text>
        <text x="{$c2}" y="{$iy}"><xsl:value-of select="Quantity"/></text>
        <text x="{$c3}" y="{$iy}"><xsl:value-of select="NetWeight"/></text>
        <text x="{$c4}" y="{$iy}"><xsl:value-of select="concat(Value, ' ', Value/@currency)"/></text>
        <text x="{$c5}" y="{$iy}"><xsl:value-of select="HSCode"/></text>
        <text x="{$c6}" y="{$iy}"><xsl:value-of select="CountryOfOrigin"/></text>
      </g>
    </xsl:for-each>
    <xsl:variable name="y3" select="$y2 + 5 * count(Item) + 14"/>
    <line x1="4" y1="{$y3 - 4}" x2="{$width - 4}" y2="{$y3 - 4}" stroke="#000" stroke-width="0.3"/>
    <xsl:call-template name="caption"><xsl:with-param name="key" select="'total_weight'"/><xsl:with-param name="x" select="$c3"/><xsl:with-param name="y" select="$y3"/></xsl:call-template>
    <text x="{$c3}" y="{$y3 + 4}" font-size="3.2" font-weight="bold"><xsl:value-of select="TotalNetWeight"/></text>
    <xsl:call-template name="caption"><xsl:with-param name="key" select="'total_value'"/><xsl:with-param name="x" select="$c5"/><xsl:with-param name="y" select="$y3"/></xsl:call-template>
    <text x="{$c5}" y="{$y3 + 4}" font-size="3.2" font-weight="bold"><xsl:value-of select="concat(TotalValue, ' ', TotalValue/@currency)"/></text>
    <xsl:if test="Postage">
      <xsl:call-template name="caption"><xsl:with-param name="key" select="'postage'"/><xsl:with-param name="x" select="6"/><xsl:with-param name="y" select="$y3"/></xsl:call-template>
      <text x="6" y="{$y3 + 4}" font-size="3.2"><xsl:value-of select="concat(Postage, ' ', Postage/@currency)"/></text>
    </xsl:if>
    <xsl:if test="ImporterReference">
      <xsl:call-template name="caption"><xsl:with-param name="key" select="'importer_ref'"/><xsl:with-param name="x" select="6"/><xsl:with-param name="y" select="$y3 + 9"/></xsl:call-template>
      <text x="6" y="{$y3 + 13}" font-size="3.2"><xsl:value-of select="ImporterReference"/></text>
    </xsl:if>
    <xsl:if test="InvoiceNumber">
      <xsl:call-template name="caption"><xsl:with-param name="key" select="'invoice_no'"/><xsl:with-param name="x" select="$c3"/><xsl:with-param name="y" select="$y3 + 9"/></xsl:call-template>
      <text x="{$c3}" y="{$y3 + 13}" font-size="3.2"><xsl:value-of select="InvoiceNumber"/></text>
    </xsl:if>
    <xsl:variable name="y4" select="$y3 + 20"/>
    <text x="6" y="{$y4}" font-size="2.6">
      <xsl:call-template name="wrap">
        <xsl:with-param name="text"><xsl:call-template name="t"><xsl:with-param name="key" select="'certify'"/></xsl:call-template></xsl:with-param>
        <xsl:with-param name="width" select="round(($width - 12) * 0.7)"/>
        <xsl:with-param name="x" select="6"/>
      </xsl:call-template>
    </text>
    <xsl:if test="$lang2 != '' and $lang2 != $lang">
      <text x="6" y="{$y4 + 12}" font-size="2.4" fill="#333">
        <xsl:call-template name="wrap">
          <xsl:with-param name="text"><xsl:call-template name="t"><xsl:with-param name="key" select="'certify'"/><xsl:with-param name="language" select="$lang2"/></xsl:call-template></xsl:with-param>
          <xsl:with-param name="width" select="round(($width - 12) * 0.8)"/>
          <xsl:with-param name="x" select="6"/>
        </xsl:call-template>
      </text>
    </xsl:if>
    <xsl:call-template name="caption"><xsl:with-param name="key" select="'signature'"/><xsl:with-param name="x" select="6"/><xsl:with-param name="y" select="$y4 + 26"/></xsl:call-template>
    <text x="6" y="{$y4 + 31}" font-size="3.2"><xsl:value-of select="Date"/></text>
    <line x1="40" y1="{$y4 + 32}" x2="{$width - 6}" y2="{$y4 + 32}" stroke="#000" stroke-width="0.2"/>
  </xsl:template>
</xsl:stylesheet>
