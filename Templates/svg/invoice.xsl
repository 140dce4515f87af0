<?xml version="1.0" encoding="UTF-8"?>
<!-- Commercial invoice as SVG, A4 portrait (user unit = 1 mm); bilingual captions when lang2 is set. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.w3.org/2000/svg"
                >
  <xsl:import href="../common.xsl"/>
  <xsl:include href="postal.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/CommercialInvoice">
    <svg width="210mm" height="297mm" viewBox="0 0 210 297" font-family="{$font}">
      <rect x="0" y="0" width="210" height="297" fill="#fff"/>
      <text x="12" y="20" font-size="7" font-weight="bold">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'invoice_title'"/></xsl:call-template>
      </text>
      <xsl:if test="$lang2 != '' and $lang2 != $lang">
        <text x="12" y="26" font-size="4">
          <xsl:call-template name="t"><xsl:with-param name="key" select="'invoice_title'"/><xsl:with-param name="language" select="$lang2"/></xsl:call-template>
        </text>
      </xsl:if>
      <xsl:call-template name="caption"><xsl:with-param name="key" select="'invoice_no'"/><xsl:with-param name="x" select="140"/><xsl:with-param name="y" select="16"/></xsl:call-template>
      <text x="140" y="21" font-size="4" font-weight="bold"><xsl:value-of select="InvoiceNumber"/></text>
      <xsl:call-template name="caption"><xsl:with-param name="key" select="'date'"/><xsl:with-param name="x" select="140"/><xsl:with-param name="y" select="27"/></xsl:call-template>
      <text x="140" y="32" font-size="3.5"><xsl:value-of select="InvoiceDate"/></text>
      <xsl:call-template name="caption"><xsl:with-param name="key" select="'seller'"/><xsl:with-param name="x" select="12"/><xsl:with-param name="y" select="40"/></xsl:call-template>
      <text x="12" y="45" font-size="3.4">
        <xsl:call-template name="party-lines"><xsl:with-param name="party" select="Seller"/><xsl:with-param name="x" select="12"/></xsl:call-template>
      </text>
      <xsl:call-template name="caption"><xsl:with-param name="key" select="'buyer'"/><xsl:with-param name="x" select="110"/><xsl:with-param name="y" select="40"/></xsl:call-template>
      <text x="110" y="45" font-size="3.4">
        <xsl:call-template name="party-lines"><xsl:with-param name="party" select="Buyer"/><xsl:with-param name="x" select="110"/></xsl:call-template>
      </text>
      <text x="12" y="82" font-size="3">
        <xsl:call-template name="bi"><xsl:with-param name="key" select="'dispatch'"/></xsl:call-template>
        <xsl:value-of select="concat(': ', CountryOfDispatch)"/>
      </text>
      <text x="110" y="82" font-size="3">
        <xsl:call-template name="bi"><xsl:with-param name="key" select="'destination'"/></xsl:call-template>
        <xsl:value-of select="concat(': ', CountryOfDestination)"/>
      </text>
      <line x1="10" y1="88" x2="200" y2="88" stroke="#000" stroke-width="0.3"/>
      <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'sku'"/><xsl:with-param name="x" select="12"/><xsl:with-param name="y" select="93"/><xsl:with-param name="chars" select="20"/></xsl:call-template>
      <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'description'"/><xsl:with-param name="x" select="40"/><xsl:with-param name="y" select="93"/><xsl:with-param name="chars" select="52"/><xsl:with-param name="both" select="true()"/></xsl:call-template>
      <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'hs'"/><xsl:with-param name="x" select="112"/><xsl:with-param name="y" select="93"/><xsl:with-param name="chars" select="18"/></xsl:call-template>
      <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'origin'"/><xsl:with-param name="x" select="134"/><xsl:with-param name="y" select="93"/><xsl:with-param name="chars" select="14"/></xsl:call-template>
      <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'quantity'"/><xsl:with-param name="x" select="151"/><xsl:with-param name="y" select="93"/><xsl:with-param name="chars" select="11"/></xsl:call-template>
      <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'unit_price'"/><xsl:with-param name="x" select="165"/><xsl:with-param name="y" select="93"/><xsl:with-param name="chars" select="16"/></xsl:call-template>
      <xsl:call-template name="column-caption"><xsl:with-param name="key" select="'amount'"/><xsl:with-param name="x" select="185"/><xsl:with-param name="y" select="93"/><xsl:with-param name="chars" select="12"/></xsl:call-template>
      <xsl:for-each select="Line">
        <xsl:variable name="y" select="97 + 6 * position()"/>
        <g font-size="3">
          <text x="12" y="{$y}"><xsl:value-of select="SKU"/></text>
          <text x="40" y="{$y}"><xsl:value-of select="substring(Description, 1, 40)"/></text>
          <text x="112" y="{$y}"><xsl:value-of select="HSCode"/></text>
          <text x="134" y="{$y}"><xsl:value-of select="CountryOfOrigin"/></text>
          <text x="160" y="{$y}" text-anchor="end"><xsl:value-of select="Quantity"/></text>
          <text x="180" y="{$y}" text-anchor="end"><xsl:value-of select="UnitPrice"/></text>
          <text x="198" y="{$y}" text-anchor="end"><xsl:value-of select="LineTotal"/></text>
        </g>
      </xsl:for-each>
      <xsl:variable name="ty" select="97 + 6 * count(Line) + 10"/>
      <line x1="10" y1="{$ty - 5}" x2="200" y2="{$ty - 5}" stroke="#000" stroke-width="0.3"/>
      <xsl:for-each select="GoodsTotal | Shipping | Insurance | Discount | InvoiceTotal">
        <xsl:variable name="key">
          <xsl:choose>
            <xsl:when test="self::GoodsTotal">goods_total</xsl:when>
            <xsl:when test="self::Shipping">shipping</xsl:when>
            <xsl:when test="self::Insurance">insurance</xsl:when>
            <xsl:when test="self::Discount">discount</xsl:when>
            <xsl:otherwise>invoice_total</xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <text x="150" y="{$ty + 6 * (position() - 1)}" font-size="3" text-anchor="end">
          <xsl:call-template name="bi"><xsl:with-param name="key" select="$key"/></xsl:call-template>
        </text>
        <text x="198" y="{$ty + 6 * (position() - 1)}" font-size="3.2" text-anchor="end">
          <xsl:if test="self::InvoiceTotal"><xsl:attribute name="font-weight">bold</xsl:attribute></xsl:if>
          <xsl:value-of select="concat(., ' ', /CommercialInvoice/Currency)"/>
        </text>
      </xsl:for-each>
      <xsl:if test="DangerousGoods">
        <text x="12" y="{$ty + 36}" font-size="3.2" font-weight="bold" fill="#b00">
          <xsl:call-template name="bi"><xsl:with-param name="key" select="'dangerous_goods'"/></xsl:call-template>
          <xsl:value-of select="concat(': ', DangerousGoods)"/>
        </text>
      </xsl:if>
      <xsl:if test="TrackingReference">
        <text x="12" y="{$ty + 44}" font-size="3">
          <xsl:call-template name="t"><xsl:with-param name="key" select="'reference'"/></xsl:call-template>
          <xsl:value-of select="concat(': ', TrackingReference)"/>
        </text>
      </xsl:if>
    </svg>
  </xsl:template>
</xsl:stylesheet>
